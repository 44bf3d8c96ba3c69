import Synchronization

/// Counts of what the coordinator did with updates, readable from any task.
public final class CoordinatorCounters: Sendable {
    public struct Snapshot: Sendable, Equatable {
        public var applied = 0
        public var duplicates = 0
        public var stale = 0
        public var deadLettered = 0
        public var versions = 0
    }

    private let counts = Mutex(Snapshot())

    func count(_ field: WritableKeyPath<Snapshot, Int> & Sendable) {
        counts.withLock { $0[keyPath: field] += 1 }
    }

    public var snapshot: Snapshot { counts.withLock { $0 } }
}
