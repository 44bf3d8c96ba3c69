import Foundation
import Synchronization

/// A Kafka stand-in in process memory for testing stage logic with no broker and no librdkafka:
/// topics with partitions, keyed partitioning, consumer groups with committed offsets and rebalancing,
/// at-least-once redelivery of unstored messages, group-less readers, and a message-size limit.
///
/// Differences from Kafka worth knowing: rebalances are instantaneous (no session timeouts), partitions are
/// spread round-robin over the members of a group, sending to a topic that was not created fails
/// (no auto-creation), nothing is ever deleted, and the size limit counts key and value bytes only (Kafka also
/// counts headers and framing).
public final class InMemoryKafkaCluster: KafkaTopicCreating {
    struct Record {
        var key: [UInt8]?
        var value: [UInt8]
        var headers: [KafkaHeader]
        var timestamp: Date
    }

    struct Member {
        /// nil for a group-less reader: it reads every partition of `topics` and commits nothing.
        var group: String?
        var topics: [String]
        var autoOffsetReset: KafkaConsumerConfiguration.OffsetReset
        var assignment: [KafkaTopicPartition] = []
        var positions: [KafkaTopicPartition: Int64] = [:]
        var stored: [KafkaTopicPartition: Int64] = [:]
        var events: AsyncStream<KafkaConsumerEvent>.Continuation
        /// Where the next read starts in `assignment`, so partitions take turns.
        var nextPartition = 0
    }

    struct State {
        var topics: [String: [[Record]]] = [:]
        var committed: [String: [KafkaTopicPartition: Int64]] = [:]
        /// Members in join order, by id.
        var members: [(id: UUID, member: Member)] = []
        /// Bumped on every change a waiting consumer may care about.
        var generation: UInt64 = 0
        var waiters: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    let state = Mutex(State())
    /// The largest record (key + value bytes) a producer may send, like Kafka's `message.max.bytes`; larger
    /// sends throw `KafkaError` `.messageTooLarge`.
    public let maxMessageBytes: Int

    /// A cluster with no topics; records up to `maxMessageBytes` (librdkafka's `message.max.bytes` default).
    public init(maxMessageBytes: Int = 1_000_000) {
        self.maxMessageBytes = maxMessageBytes
    }

    /// Creates `name` with `partitions` partitions; an existing topic is left as it is.
    public func createTopic(_ name: String, partitions: Int) {
        changing { state in
            guard state.topics[name] == nil else { return }
            state.topics[name] = Array(repeating: [], count: max(partitions, 1))
            Self.rebalanceAll(&state)
        }
    }

    public func createTopics(_ topics: [KafkaTopicSpec]) async throws {
        for topic in topics { createTopic(topic.name, partitions: topic.partitions) }
    }

    /// Every message of `topic`, partition by partition, for assertions.
    public func messages(in topic: String) -> [KafkaConsumerMessage] {
        state.withLock { state in
            (state.topics[topic] ?? []).enumerated().flatMap { partition, log in
                log.enumerated().map { offset, record in
                    Self.message(record, topic: topic, partition: Int32(partition), offset: Int64(offset))
                }
            }
        }
    }

    /// The offsets `group` has committed.
    public func committedOffsets(group: String) -> [KafkaTopicPartition: Int64] {
        state.withLock { $0.committed[group] ?? [:] }
    }

    /// Every group that has committed at least one offset, sorted; group-less readers never appear here.
    public func committedGroups() -> [String] {
        state.withLock { state in state.committed.filter { !$0.value.isEmpty }.keys.sorted() }
    }

    public func makeProducer() -> InMemoryKafkaProducer { InMemoryKafkaProducer(cluster: self) }

    public func makeConsumer(_ configuration: KafkaConsumerConfiguration) -> InMemoryKafkaConsumer {
        InMemoryKafkaConsumer(cluster: self, configuration: configuration)
    }

    // MARK: - Shared machinery for the producer and consumers

    /// Runs `body` under the lock, then wakes every waiting consumer.
    func changing<T>(_ body: (inout State) throws -> T) rethrows -> T {
        let (result, waiters) = try state.withLock { state in
            let result = try body(&state)
            state.generation &+= 1
            defer { state.waiters = [:] }
            return (result, state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
        return result
    }

    /// Returns once anything changed after `generation`, or when the task is cancelled.
    func waitForChange(after generation: UInt64) async {
        let id = UUID()
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let ready = state.withLock { state in
                    guard state.generation == generation, !Task.isCancelled else { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Commits every member's stored offsets, then spreads each group's partitions over its members
    /// round-robin, resetting positions to the committed offsets, and reports revocations and assignments.
    /// Group-less readers only gain the partitions of topics created since (see `extendReaders`).
    static func rebalanceAll(_ state: inout State) {
        extendReaders(&state)
        for index in state.members.indices {
            let member = state.members[index].member
            guard let group = member.group else { continue }
            state.committed[group, default: [:]].merge(member.stored) { _, stored in stored }
            state.members[index].member.stored = [:]
        }
        var counters: [String: Int] = [:]
        var next: [Int: [KafkaTopicPartition]] = [:]
        let grouped = state.members.indices.filter { state.members[$0].member.group != nil }
        let groups = Dictionary(grouping: grouped) { state.members[$0].member.group }
        for (_, indices) in groups {
            let topics = Set(indices.flatMap { state.members[$0].member.topics }).sorted()
            let partitions = topics.flatMap { topic in
                (0..<(state.topics[topic]?.count ?? 0)).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
            }
            for partition in partitions {
                let subscribed = indices.filter { state.members[$0].member.topics.contains(partition.topic) }
                guard !subscribed.isEmpty else { continue }
                let turn = counters[partition.topic, default: 0]
                counters[partition.topic] = turn + 1
                next[subscribed[turn % subscribed.count], default: []].append(partition)
            }
        }
        for index in grouped {
            let member = state.members[index].member
            let assignment = next[index] ?? []
            guard assignment != member.assignment else { continue }
            if !member.assignment.isEmpty { member.events.yield(.revoked(member.assignment)) }
            var positions: [KafkaTopicPartition: Int64] = [:]
            for partition in assignment {
                let end = Int64(state.topics[partition.topic]?[Int(partition.partition)].count ?? 0)
                positions[partition] =
                    member.group.flatMap { state.committed[$0]?[partition] }
                    ?? (member.autoOffsetReset == .earliest ? 0 : end)
            }
            state.members[index].member.assignment = assignment
            state.members[index].member.positions = positions
            state.members[index].member.nextPartition = 0
            if !assignment.isEmpty { member.events.yield(.assigned(assignment)) }
        }
    }

    /// Gives every group-less reader the partitions of its topics it does not read yet (topics created since),
    /// starting at the beginning or the end, and reports them as assigned. Never takes a partition away.
    static func extendReaders(_ state: inout State) {
        for index in state.members.indices where state.members[index].member.group == nil {
            let member = state.members[index].member
            let added = member.topics.flatMap { topic in
                (0..<(state.topics[topic]?.count ?? 0)).map { KafkaTopicPartition(topic: topic, partition: Int32($0)) }
            }.filter { !member.assignment.contains($0) }
            guard !added.isEmpty else { continue }
            for partition in added {
                let end = Int64(state.topics[partition.topic]?[Int(partition.partition)].count ?? 0)
                state.members[index].member.positions[partition] = member.autoOffsetReset == .earliest ? 0 : end
            }
            state.members[index].member.assignment += added
            member.events.yield(.assigned(added))
        }
    }

    static func message(_ record: Record, topic: String, partition: Int32, offset: Int64) -> KafkaConsumerMessage {
        KafkaConsumerMessage(
            topic: topic, partition: partition, offset: offset, key: record.key, value: record.value,
            headers: record.headers, timestamp: record.timestamp)
    }
}
