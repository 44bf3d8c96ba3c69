/// The staleness rule shared by generators and trainers: work done with a policy more than `maxLag` versions
/// behind the newest announced one is not used (generators reload first; trainers drop and count such rollouts).
public struct PolicyLag: Sendable, Equatable {
    public var maxLag: Int

    public init(maxLag: Int) {
        precondition(maxLag >= 0, "max lag must not be negative")
        self.maxLag = maxLag
    }

    /// True when `version` may still be used while `newest` is the newest announced version.
    public func accepts(_ version: Int, newest: Int) -> Bool {
        newest - version <= maxLag
    }
}
