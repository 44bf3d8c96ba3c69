/// How `FleetSupervisor` restarts a child that exits on its own, as an orchestrator would (Kubernetes'
/// CrashLoopBackOff): after `initial`, doubling per restart in a row up to `maximum`; a child that ran for
/// `resetAfter` before it died starts again from `initial`.
public struct RestartPolicy: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    public var resetAfter: Duration

    public init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30), resetAfter: Duration = .seconds(60)) {
        (self.initial, self.maximum, self.resetAfter) = (initial, maximum, resetAfter)
    }

    /// The wait before restart number `attempt` (1-based) of a run of quick deaths.
    public func delay(beforeRestart attempt: Int) -> Duration {
        var delay = initial
        for _ in 1..<max(1, attempt) where delay < maximum { delay *= 2 }
        return min(delay, maximum)
    }
}
