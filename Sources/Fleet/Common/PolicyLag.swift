/// The staleness rule shared by generators, trainers and the coordinator: work done with a policy more than
/// `maxLag` versions behind the newest one is not used (generators reload first; trainers drop and count such
/// rollouts; the coordinator drops such updates). Versions come off the wire, so the rule holds for any `Int`:
/// a negative version is never accepted, and nothing overflows.
public struct PolicyLag: Sendable, Equatable {
    public var maxLag: Int

    public init(maxLag: Int) {
        precondition(maxLag >= 0, "max lag must not be negative")
        self.maxLag = maxLag
    }

    /// True when `version` may still be used while `newest` is the newest announced version.
    public func accepts(_ version: Int, newest: Int) -> Bool {
        guard version >= 0 else { return false }
        // newest > version ≥ 0, so the subtraction cannot overflow.
        return version >= newest || newest - version <= maxLag
    }
}
