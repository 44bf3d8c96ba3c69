import Fleet
import Synchronization

/// The bus of one night's in-process stages: it keeps the generators inside the night's window of the prompts topic,
/// and tells the night how far each stage has got.
///
/// A prompts record at or past its partition's end of the window — or any once the window is closed early (the
/// time budget ran out) — is never handed to the generator and never acknowledged, so the group's committed offset
/// stops where the night stopped and the next night starts there.
///
/// A record counts as processed once the stage asks for the next one: every stage handles its records one at a time
/// (the coordinator keeps its batch, but by then has counted the record into it), so when a stage has asked past a
/// partition's last record, everything it was going to publish for that partition is on the broker.
final class NightlyBus: MessageBus {
    struct Position: Hashable {
        let topic: String
        let partition: Int
    }

    let base: ClosingBus
    let promptsTopic: String
    /// Partition of the prompts topic → the offset the night stops before.
    let windowEnd: [Int: Int64]
    private let processed = Mutex<[Position: Int64]>([:])
    /// Records handed to a stage and not yet finished, by topic.
    private let inHand = Mutex<[String: Int]>([:])
    private let finishedCount = Mutex<[String: Int]>([:])
    private let closed = Atomic<Bool>(false)
    /// Whether the generators may take another prompt now (flow control); asked again every 20 ms until yes.
    let mayTake: @Sendable (NightlyBus) -> Bool

    init(
        _ base: any MessageBus, promptsTopic: String, windowEnd: [Int: Int64],
        mayTake: @escaping @Sendable (NightlyBus) -> Bool = { _ in true }
    ) {
        self.base = ClosingBus(base)
        self.promptsTopic = promptsTopic
        self.windowEnd = windowEnd
        self.mayTake = mayTake
    }

    /// Records of `topic` the stages in this process have finished.
    func finishedRecords(_ topic: String) -> Int { finishedCount.withLock { $0[topic, default: 0] } }

    /// Hands the generators no more prompts (what they hold is finished).
    func closeWindow() { closed.store(true, ordering: .relaxed) }

    /// The highest offset of `topic`'s `partition` that a stage in this process has finished, if any.
    func processedThrough(_ topic: String, partition: Int) -> Int64? {
        processed.withLock { $0[Position(topic: topic, partition: partition)] }
    }

    func admits(_ record: BusRecord) -> Bool {
        guard record.topic == promptsTopic else { return true }
        return !closed.load(ordering: .relaxed) && record.offset < windowEnd[record.partition, default: 0]
    }

    /// Whether a stage is processing a record of `topic` right now.
    func holds(topic: String) -> Bool { inHand.withLock { $0[topic, default: 0] > 0 } }

    func took(_ record: BusRecord) { inHand.withLock { $0[record.topic, default: 0] += 1 } }

    func finished(_ record: BusRecord) {
        inHand.withLock { $0[record.topic, default: 0] -= 1 }
        finishedCount.withLock { $0[record.topic, default: 0] += 1 }
        processed.withLock { positions in
            let key = Position(topic: record.topic, partition: record.partition)
            positions[key] = max(positions[key] ?? record.offset, record.offset)
        }
    }

    func publish(_ records: [OutgoingRecord]) async throws { try await base.publish(records) }

    func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        NightlySubscription(try await base.subscribe(group: group, topics: topics), bus: self)
    }

    func read(topics: [String]) async throws -> any BusSubscription { try await base.read(topics: topics) }

    func partitionCount(of topic: String) async throws -> Int? { try await base.partitionCount(of: topic) }

    /// Closes every subscription: acknowledged offsets are committed and the groups left.
    func closeAll() async { await base.closeAll() }
}

/// A group subscription seen through ``NightlyBus``: filters the prompts it may not take, and reports the record
/// before each `next()` as processed.
final class NightlySubscription: BusSubscription {
    let inner: any BusSubscription
    let bus: NightlyBus
    private let current = Mutex<BusRecord?>(nil)

    init(_ inner: any BusSubscription, bus: NightlyBus) {
        self.inner = inner
        self.bus = bus
    }

    func next() async throws -> BusRecord? {
        if let done = current.withLock({ record in defer { record = nil }; return record }) { bus.finished(done) }
        while let record = try await inner.next() {
            guard bus.admits(record) else { continue }
            if record.topic == bus.promptsTopic {
                while !bus.mayTake(bus) {
                    try await Task.sleep(for: .milliseconds(20))
                }
                // The window may have closed while the prompt waited.
                guard bus.admits(record) else { continue }
            }
            current.withLock { $0 = record }
            bus.took(record)
            return record
        }
        return nil
    }

    func acknowledge(_ record: BusRecord) throws { try inner.acknowledge(record) }

    func close() async throws { try await inner.close() }
}
