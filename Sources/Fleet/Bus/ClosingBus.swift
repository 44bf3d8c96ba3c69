import Synchronization

/// A bus that remembers every subscription opened through it, so whoever owns the run can close them all when it
/// ends: stages stopped by cancellation do not close their own consumers, and a Kafka consumer left open keeps its
/// group membership until the session times out (and keeps reconnecting, and logging, after an embedded broker is
/// gone). An in-process run closes them with `closeAll()`; a stage process's `WorkerBus` builds on it.
public final class ClosingBus: MessageBus {
    public let base: any MessageBus
    private let opened = Mutex<[any BusSubscription]>([])

    public init(_ base: any MessageBus) {
        self.base = base
    }

    public func publish(_ records: [OutgoingRecord]) async throws {
        try await base.publish(records)
    }

    public func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        remember(try await base.subscribe(group: group, topics: topics))
    }

    public func read(topics: [String]) async throws -> any BusSubscription {
        remember(try await base.read(topics: topics))
    }

    public func partitionCount(of topic: String) async throws -> Int? {
        try await base.partitionCount(of: topic)
    }

    /// Every subscription opened and not yet closed by `closeAll()`.
    public var subscriptions: [any BusSubscription] { opened.withLock { $0 } }

    /// Closes every subscription opened so far — committing what was acknowledged, leaving the groups — and forgets
    /// them. Errors are ignored: the run is over.
    public func closeAll() async {
        for subscription in opened.withLock({ list in defer { list = [] }; return list }) {
            try? await subscription.close()
        }
    }

    private func remember(_ subscription: any BusSubscription) -> any BusSubscription {
        opened.withLock { $0.append(subscription) }
        return subscription
    }
}
