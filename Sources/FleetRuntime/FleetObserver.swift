import Foundation
import Kafka
import Logging
import Messages
import Synchronization

/// Reads every topic of a run from the beginning in a private consumer group (so it takes nothing from the
/// stages' groups) and keeps counts and ids: the fleet's progress as the log of record shows it.
public final class FleetObserver: Sendable {
    /// How many recent rollouts the reward mean averages.
    public static let rewardWindow = 64
    public let topics: FleetTopics
    private let consumer: KafkaConsumer
    private struct State {
        var progress = FleetProgress()
        var ledger = FleetLedger()
        var recentRewards: [Double] = []
        /// What a fenced coordinator announced is not progress.
        var fence = EpochFence()
        /// The next offset expected per `topic/partition`. The observer stores no offsets, so each rebalance of its
        /// group (a broker restart is enough) starts it again from the beginning: records before these are counted.
        var next: [String: Int64] = [:]
    }
    private let state = Mutex(State())

    public init(topics: FleetTopics, kafka: KafkaConfiguration) throws {
        self.topics = topics
        consumer = try KafkaConsumer(
            configuration: kafka,
            consumer: KafkaConsumerConfiguration(
                groupId: "\(topics.runId).observer.\(UUID().uuidString)", topics: topics.all.map(\.name),
                autoOffsetReset: .earliest, sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1),
                fetchWaitMax: .milliseconds(100)),
            logger: Logger(label: "tao.up.observer", factory: { _ in SwiftLogNoOpLogHandler() }))
    }

    public var progress: FleetProgress { state.withLock { $0.progress } }
    public var ledger: FleetLedger { state.withLock { $0.ledger } }

    /// Consumes until cancelled or closed. Offsets are never stored: the observer keeps no position.
    public func run() async throws {
        for try await message in consumer.messages {
            observe(message)
        }
    }

    public func close() async {
        try? await consumer.close()
    }

    /// The prompts a dead-lettered record was about, when its original is still readable.
    static func promptIDs(in letter: DeadLetterMessage) -> [String] {
        guard case .inline(let original) = letter.original else { return [] }
        if let prompt = try? WireCodec.decode(PromptMessage.self, from: original, acceptMissingSchema: true) { return [prompt.id] }
        if let candidates = try? WireCodec.decode(CandidatesMessage.self, from: original) { return [candidates.prompt.id] }
        if let rollout = try? WireCodec.decode(RolloutMessage.self, from: original) { return [rollout.candidates.prompt.id] }
        if let update = try? WireCodec.decode(UpdateMessage.self, from: original) {
            return update.rolloutIDs.compactMap(RolloutID.promptID(of:))
        }
        return []
    }

    func observe(_ message: KafkaConsumerMessage) {
        let value = message.value
        state.withLock { state in
            let place = "\(message.topic)/\(message.partition)"
            guard message.offset >= state.next[place, default: 0] else { return }
            state.next[place] = message.offset + 1
            switch message.topic {
            case topics.prompts.name:
                state.progress.prompts += 1
                if let prompt = try? WireCodec.decode(PromptMessage.self, from: value, acceptMissingSchema: true) {
                    state.ledger.promptIDs.insert(prompt.id)
                }
            case topics.candidates.name:
                state.progress.candidates += 1
                if let candidates = try? WireCodec.decode(CandidatesMessage.self, from: value) {
                    state.progress.candidateSamples += candidates.samples.count
                    state.ledger.sampledPromptIDs.insert(candidates.prompt.id)
                    state.progress.sampledPrompts = state.ledger.sampledPromptIDs.count
                    state.ledger.candidateIDs.insert(candidates.id)
                }
            case topics.rollouts.name:
                state.progress.rollouts += 1
                if let rollout = try? WireCodec.decode(RolloutMessage.self, from: value) {
                    state.ledger.rolloutIDs.insert(rollout.id)
                    if !rollout.scores.isEmpty {
                        state.recentRewards.append(rollout.scores.map(\.total).reduce(0, +) / Double(rollout.scores.count))
                        state.recentRewards.removeFirst(max(0, state.recentRewards.count - Self.rewardWindow))
                        state.progress.rewardMean = state.recentRewards.reduce(0, +) / Double(state.recentRewards.count)
                    }
                }
            case topics.updates.name:
                state.progress.updates += 1
                state.ledger.updateRecords += 1
                if let update = try? WireCodec.decode(UpdateMessage.self, from: value) {
                    state.ledger.updates[update.id] = update.rolloutIDs
                }
            case topics.policy.name:
                if let announcement = try? WireCodec.decode(PolicyAnnouncement.self, from: value) {
                    if case .fenced = state.fence.admit(announcement) { break }
                    state.ledger.policyVersions.insert(announcement.version)
                    state.ledger.announcements.append(announcement)
                    state.progress.policyVersion = max(state.progress.policyVersion ?? -1, announcement.version)
                }
            case topics.deadLetter.name:
                state.progress.deadLetters += 1
                if let letter = try? WireCodec.decode(DeadLetterMessage.self, from: value) {
                    if let sha256 = letter.originalSHA256 { state.ledger.deadLetteredSHA256.insert(sha256) }
                    state.ledger.deadLetteredPromptIDs.formUnion(Self.promptIDs(in: letter))
                    var kept = letter
                    kept.original = .inline([])  // the reason is what an audit reads; the bytes can be large
                    state.ledger.deadLetters.append(kept)
                }
            default:
                break
            }
        }
    }
}
