import Foundation
import Synchronization

/// A member of a consumer group in an `InMemoryKafkaCluster`. Joins on creation (the group rebalances at once);
/// stored offsets are committed on `commit()`, on rebalance and on `close()`, like `KafkaConsumer`.
///
/// With `groupId == nil`, a group-less reader instead: it reads every partition of its topics from the beginning
/// (`.earliest`) or the end (`.latest`), including topics created later, belongs to no group, is unaffected by the
/// groups' rebalances, and never commits (`storeOffset` and `commit` do nothing).
public final class InMemoryKafkaConsumer: KafkaMessageReceiving {
    let cluster: InMemoryKafkaCluster
    let id = UUID()
    public let events: AsyncStream<KafkaConsumerEvent>
    private let eventsContinuation: AsyncStream<KafkaConsumerEvent>.Continuation

    init(cluster: InMemoryKafkaCluster, configuration: KafkaConsumerConfiguration) {
        self.cluster = cluster
        (events, eventsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
        let member = InMemoryKafkaCluster.Member(
            group: configuration.groupId, topics: configuration.topics,
            autoOffsetReset: configuration.autoOffsetReset, events: eventsContinuation)
        cluster.changing { state in
            state.members.append((id, member))
            InMemoryKafkaCluster.rebalanceAll(&state)
        }
    }

    public var messages: InMemoryKafkaMessages { InMemoryKafkaMessages(consumer: self) }

    public func storeOffset(for message: KafkaConsumerMessage) throws {
        cluster.state.withLock { state in
            guard let index = state.members.firstIndex(where: { $0.id == id }),
                state.members[index].member.group != nil,
                state.members[index].member.assignment.contains(message.topicPartition)
            else { return }  // revoked meanwhile: the new owner will see the message again
            state.members[index].member.stored[message.topicPartition] = message.offset + 1
        }
    }

    public func commit() async throws {
        try cluster.state.withLock { state in
            guard let index = state.members.firstIndex(where: { $0.id == id }) else {
                throw KafkaError(.closed, "cannot commit: the consumer is closed")
            }
            let member = state.members[index].member
            guard let group = member.group else { return }
            state.committed[group, default: [:]].merge(member.stored) { _, stored in stored }
        }
    }

    public func assignment() throws -> [KafkaTopicPartition] {
        cluster.state.withLock { state in state.members.first { $0.id == id }?.member.assignment ?? [] }
    }

    public func close() async throws {
        cluster.changing { state in
            guard let index = state.members.firstIndex(where: { $0.id == id }) else { return }
            let member = state.members.remove(at: index).member
            // A group member hands its partitions back; a group-less reader just stops (like `KafkaConsumer`).
            if let group = member.group {
                state.committed[group, default: [:]].merge(member.stored) { _, stored in stored }
                if !member.assignment.isEmpty { member.events.yield(.revoked(member.assignment)) }
            }
            InMemoryKafkaCluster.rebalanceAll(&state)
        }
        eventsContinuation.finish()
    }

    /// The next readable message of this member's partitions (taking turns), or `.closed`, or the generation
    /// to wait past when there is nothing to read.
    enum Poll { case message(KafkaConsumerMessage), closed, wait(UInt64) }

    func poll() -> Poll {
        cluster.state.withLock { state in
            guard let index = state.members.firstIndex(where: { $0.id == id }) else { return .closed }
            let member = state.members[index].member
            for step in 0..<member.assignment.count {
                let turn = (member.nextPartition + step) % member.assignment.count
                let partition = member.assignment[turn]
                let position = member.positions[partition] ?? 0
                guard let log = state.topics[partition.topic]?[Int(partition.partition)], position < log.count else {
                    continue
                }
                state.members[index].member.positions[partition] = position + 1
                state.members[index].member.nextPartition = turn + 1
                return .message(
                    InMemoryKafkaCluster.message(
                        log[Int(position)], topic: partition.topic, partition: partition.partition, offset: position))
            }
            return .wait(state.generation)
        }
    }
}

/// An `InMemoryKafkaConsumer`'s messages; waits (without polling) for sends, rebalances or close.
public struct InMemoryKafkaMessages: AsyncSequence, Sendable {
    public typealias Element = KafkaConsumerMessage
    let consumer: InMemoryKafkaConsumer

    public func makeAsyncIterator() -> Iterator { Iterator(consumer: consumer) }

    public struct Iterator: AsyncIteratorProtocol {
        let consumer: InMemoryKafkaConsumer

        public mutating func next() async throws -> KafkaConsumerMessage? {
            while true {
                try Task.checkCancellation()
                switch consumer.poll() {
                case .message(let message): return message
                case .closed: return nil
                case .wait(let generation): await consumer.cluster.waitForChange(after: generation)
                }
            }
        }
    }
}
