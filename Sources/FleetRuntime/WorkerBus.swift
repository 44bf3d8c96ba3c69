import Fleet
import Kafka
import Synchronization

/// A stage process's bus: the Kafka bus plus what a process needs around it — it remembers every subscription so
/// shutdown can close them (committing acknowledged offsets and leaving the groups at once instead of after the
/// session timeout), and shows every published batch to an observer (metrics of what the stage produced).
public final class WorkerBus: MessageBus {
    public let base: any MessageBus
    private let closeBase: @Sendable () async throws -> Void
    private let subscriptions = Mutex<[any BusSubscription]>([])

    public init<Consumer>(_ base: KafkaBus<Consumer>) {
        self.base = base
        closeBase = { try await base.close() }
    }

    public func publish(_ records: [OutgoingRecord]) async throws {
        try await base.publish(records)
    }

    public func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        let subscription = try await base.subscribe(group: group, topics: topics)
        subscriptions.withLock { $0.append(subscription) }
        return subscription
    }

    public func read(topics: [String]) async throws -> any BusSubscription {
        let subscription = try await base.read(topics: topics)
        subscriptions.withLock { $0.append(subscription) }
        return subscription
    }

    public func partitionCount(of topic: String) async throws -> Int? {
        try await base.partitionCount(of: topic)
    }

    /// Partitions held by this process's Kafka consumers right now (an in-memory subscription counts as one).
    public var assignedPartitions: Int {
        subscriptions.withLock { $0 }.reduce(0) { total, subscription in
            guard let kafka = subscription as? KafkaBusSubscription<KafkaConsumer> else { return total + 1 }
            return total + ((try? kafka.consumer.assignment().count) ?? 0)
        }
    }

    /// Lag per assigned partition of every Kafka subscription whose topic is in `topics`.
    public func lag(topics: Set<String>) async -> [KafkaPartitionLag] {
        var result: [KafkaPartitionLag] = []
        for subscription in subscriptions.withLock({ $0 }) {
            guard let kafka = subscription as? KafkaBusSubscription<KafkaConsumer> else { continue }
            let lags = (try? await kafka.consumer.lag(timeout: .seconds(1))) ?? []
            result += lags.filter { topics.contains($0.partition.topic) }
        }
        return result
    }

    /// Closes every subscription (commit, leave the group), then the producer (flushing what is in flight).
    /// Call after the stage's task has ended.
    public func shutdown() async {
        for subscription in subscriptions.withLock({ list in defer { list = [] }; return list }) {
            try? await subscription.close()
        }
        try? await closeBase()
    }
}
