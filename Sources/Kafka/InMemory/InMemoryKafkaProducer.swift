import Deterministic
import Foundation
import Synchronization

/// Appends to an `InMemoryKafkaCluster`'s topics. Partitioning: the explicit partition if given, else a
/// stable hash of the key (FNV-1a 32, so a key always lands on the same partition), else round-robin.
public final class InMemoryKafkaProducer: KafkaMessageSending {
    private let cluster: InMemoryKafkaCluster
    private let closed = Atomic<Bool>(false)
    private let roundRobin = Atomic<Int>(0)

    init(cluster: InMemoryKafkaCluster) {
        self.cluster = cluster
    }

    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        guard !closed.load(ordering: .acquiring) else {
            throw KafkaError(.closed, "cannot send to \(message.topic): the producer is closed")
        }
        let bytes = message.value.count + (message.key?.count ?? 0)
        guard bytes <= cluster.maxMessageBytes else {
            throw KafkaError(
                .messageTooLarge,
                "the record for \(message.topic) has \(bytes) bytes of key and value, more than the in-memory "
                    + "cluster's maxMessageBytes (\(cluster.maxMessageBytes))",
                hint: KafkaError.messageTooLargeHint)
        }
        let turn = roundRobin.add(1, ordering: .relaxed).oldValue
        return try cluster.changing { state in
            guard let partitions = state.topics[message.topic]?.count else {
                throw KafkaError(
                    .deliveryFailed, "unknown topic \(message.topic) in the in-memory cluster",
                    hint: "create it first with createTopic(_:partitions:)")
            }
            let partition = message.partition.map(Int.init) ?? message.key.map { Self.hash($0) % partitions } ?? turn % partitions
            guard (0..<partitions).contains(partition) else {
                throw KafkaError(.deliveryFailed, "\(message.topic) has no partition \(partition)")
            }
            let record = InMemoryKafkaCluster.Record(
                key: message.key, value: message.value, headers: message.headers, timestamp: message.timestamp ?? Date())
            state.topics[message.topic]![partition].append(record)
            let offset = Int64(state.topics[message.topic]![partition].count - 1)
            return KafkaDeliveryReport(topic: message.topic, partition: Int32(partition), offset: offset)
        }
    }

    /// The number of partitions of `topic`, or nil when the cluster has no such topic (`timeout` is not needed
    /// in memory).
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws -> Int? {
        cluster.state.withLock { $0.topics[topic]?.count }
    }

    public func close(timeout: Duration = .seconds(30)) async throws {
        closed.store(true, ordering: .releasing)
    }

    /// FNV-1a 32 of the key, as a non-negative Int.
    static func hash(_ bytes: [UInt8]) -> Int {
        Int(FNV1a.hash32(bytes) & 0x7fff_ffff)
    }
}
