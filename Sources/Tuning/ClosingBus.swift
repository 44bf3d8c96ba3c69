import Evaluation
import Fleet
import Synchronization

/// A bus that remembers every subscription opened through it, so an in-process run can close them all when it
/// ends: stages stopped by cancellation do not close their own consumers, and a Kafka consumer left open keeps
/// reconnecting (and logging) after the embedded broker is gone.
final class ClosingBus: MessageBus {
    let base: any MessageBus
    private let opened = Mutex<[any BusSubscription]>([])

    init(_ base: any MessageBus) {
        self.base = base
    }

    func publish(_ records: [OutgoingRecord]) async throws {
        try await base.publish(records)
    }

    func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        let subscription = try await base.subscribe(group: group, topics: topics)
        opened.withLock { $0.append(subscription) }
        return subscription
    }

    func read(topics: [String]) async throws -> any BusSubscription {
        let subscription = try await base.read(topics: topics)
        opened.withLock { $0.append(subscription) }
        return subscription
    }

    func partitionCount(of topic: String) async throws -> Int? {
        try await base.partitionCount(of: topic)
    }

    /// Closes every subscription opened so far (errors are ignored: the run is over).
    func closeAll() async {
        for subscription in opened.withLock({ $0 }) { try? await subscription.close() }
    }
}
