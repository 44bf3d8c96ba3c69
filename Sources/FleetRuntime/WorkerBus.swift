import Fleet
import Kafka

/// A stage process's bus: the Kafka bus plus what a process needs around it — it remembers every subscription
/// (`ClosingBus`) so shutdown can close them, committing acknowledged offsets and leaving the groups at once instead
/// of after the session timeout, and it reads its consumers' assignment and lag for readiness and metrics.
public final class WorkerBus: MessageBus {
    public let base: any MessageBus
    private let tracked: ClosingBus
    private let closeBase: @Sendable () async throws -> Void

    public init<Consumer>(_ base: KafkaBus<Consumer>) {
        self.base = base
        tracked = ClosingBus(base)
        closeBase = { try await base.close() }
    }

    public func publish(_ records: [OutgoingRecord]) async throws {
        try await tracked.publish(records)
    }

    public func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        try await tracked.subscribe(group: group, topics: topics)
    }

    public func read(topics: [String]) async throws -> any BusSubscription {
        try await tracked.read(topics: topics)
    }

    public func partitionCount(of topic: String) async throws -> Int? {
        try await tracked.partitionCount(of: topic)
    }

    /// Partitions held by this process's Kafka consumers right now (an in-memory subscription counts as one).
    public var assignedPartitions: Int {
        tracked.subscriptions.reduce(0) { total, subscription in
            guard let kafka = subscription as? KafkaBusSubscription<KafkaConsumer> else { return total + 1 }
            return total + ((try? kafka.consumer.assignment().count) ?? 0)
        }
    }

    /// Lag per assigned partition of every Kafka subscription whose topic is in `topics`.
    public func lag(topics: Set<String>) async -> [KafkaPartitionLag] {
        var result: [KafkaPartitionLag] = []
        for subscription in tracked.subscriptions {
            guard let kafka = subscription as? KafkaBusSubscription<KafkaConsumer> else { continue }
            let lags = (try? await kafka.consumer.lag(timeout: .seconds(1))) ?? []
            result += lags.filter { topics.contains($0.partition.topic) }
        }
        return result
    }

    /// Closes every subscription (commit, leave the group), then the producer (flushing what is in flight).
    /// Call after the stage's task has ended.
    public func shutdown() async {
        await tracked.closeAll()
        try? await closeBase()
    }
}
