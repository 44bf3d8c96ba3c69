import Messages
import Synchronization

/// The newest policy a stage has loaded and the versions announced beyond it, shared between the task that watches
/// the policy topic and the task that does the stage's work; the latter can wait for a fresh-enough policy.
///
/// An announced version counts as the newest only while it can still be loaded: one the watcher gave up on is
/// withdrawn, so a bogus or unloadable announcement of a high version cannot leave the stage waiting forever.
public final class PolicyHolder<Policy: Sendable>: Sendable {
    private struct State {
        var current: Policy?
        var currentVersion = -1
        /// The fencing epoch of the announcement `current` came from.
        var currentEpoch = 0
        var fence = EpochFence()
        /// Announced versions above `currentVersion`, neither loaded nor given up on yet.
        var pending: Set<Int> = []
        /// Why the last load failed, while the stage has no usable policy because of it.
        var lastFailure: String?
        var failedLoads = 0
        var waiters: [CheckedContinuation<Void, Never>] = []

        var newestAnnounced: Int { max(currentVersion, pending.max() ?? -1) }
    }

    private let state = Mutex(State())

    public init() {}

    public var newestAnnounced: Int { state.withLock { $0.newestAnnounced } }
    /// The policy loaded now and its version, without waiting; `nil` before the first.
    public var loaded: (policy: Policy, version: Int)? {
        state.withLock { state in state.current.map { ($0, state.currentVersion) } }
    }
    public var currentVersion: Int { state.withLock { $0.currentVersion } }
    /// Loads that failed so far, each attempt counted (for metrics).
    public var failedLoads: Int { state.withLock { $0.failedLoads } }

    /// Records that `version` was announced (loading it may take a while).
    public func announced(_ version: Int) {
        state.withLock { if version > $0.currentVersion { $0.pending.insert(version) } }
    }

    /// Records a failed attempt at loading `version`.
    public func loadFailed(_ version: Int, reason: String) {
        state.withLock {
            $0.failedLoads += 1
            $0.lastFailure = "loading policy v\(version) failed: \(reason)"
        }
    }

    /// Gives up on `version`: it no longer counts as announced, and waiters re-check.
    public func withdraw(_ version: Int) {
        _ = state.withLock { $0.pending.remove(version) }
        wakeAll()
    }

    /// Installs a loaded policy if it is newer than the current one and not fenced, and wakes waiters; returns
    /// whether it did.
    @discardableResult
    public func install(_ policy: Policy, version: Int, epoch: Int = 0) -> Bool {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>]? in
            guard version > state.currentVersion, !state.fence.fences(epoch: epoch, version: version) else { return nil }
            state.current = policy
            (state.currentVersion, state.currentEpoch) = (version, epoch)
            state.pending = state.pending.filter { $0 > version }
            state.lastFailure = nil
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters ?? [] { waiter.resume() }
        return waiters != nil
    }

    /// Takes a newer epoch's fence: a current policy it fences (committed by a coordinator that had lost the role)
    /// is dropped, so the stage waits for the new epoch's version instead of working on it.
    public func fence(_ fence: EpochFence) {
        state.withLock { state in
            state.fence = fence
            // Versions announced above the claim came before it, from the fenced epoch.
            state.pending = state.pending.filter { $0 <= fence.claimedAt }
            if state.current != nil, fence.fences(epoch: state.currentEpoch, version: state.currentVersion) {
                state.current = nil
                state.currentVersion = -1
                state.lastFailure = "policy v\(fence.claimedAt) was re-announced by coordinator epoch \(fence.epoch), "
                    + "fencing the loaded one"
            }
        }
    }

    /// Nil when the stage can work now — a policy is loaded that `accept(currentVersion, newestAnnounced)` allows —
    /// else why not: what `/readyz` reports.
    public func unreadiness(accepting accept: (Int, Int) -> Bool) -> String? {
        state.withLock { state in
            if state.current != nil, accept(state.currentVersion, state.newestAnnounced) { return nil }
            let waiting = state.current == nil
                ? "no policy version loaded yet"
                : "policy v\(state.currentVersion) is loaded but v\(state.newestAnnounced) is announced"
            return state.lastFailure.map { "\(waiting); \($0)" } ?? waiting
        }
    }

    /// The current policy once one is loaded that `accept(currentVersion, newestAnnounced)` allows.
    public func current(accepting accept: @Sendable (Int, Int) -> Bool) async throws -> (Policy, Int) {
        let (policy, version, _) = try await currentWithEpoch(accepting: accept)
        return (policy, version)
    }

    /// As `current(accepting:)`, with the coordinator epoch the policy was announced under.
    public func currentWithEpoch(
        accepting accept: @Sendable (Int, Int) -> Bool
    ) async throws -> (policy: Policy, version: Int, epoch: Int) {
        while true {
            try Task.checkCancellation()
            let ready: (Policy, Int, Int)? = state.withLock { state in
                guard let policy = state.current, accept(state.currentVersion, state.newestAnnounced) else { return nil }
                return (policy, state.currentVersion, state.currentEpoch)
            }
            if let ready { return ready }
            await withTaskCancellationHandler {
                await withCheckedContinuation { continuation in
                    let resumeNow = state.withLock { state -> Bool in
                        if let _ = state.current, accept(state.currentVersion, state.newestAnnounced) { return true }
                        state.waiters.append(continuation)
                        return false
                    }
                    if resumeNow { continuation.resume() }
                }
            } onCancel: {
                wakeAll()
            }
        }
    }

    private func wakeAll() {
        let waiters = state.withLock { state in
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}
