import Synchronization

/// The newest policy a stage has loaded and the newest one announced, shared between the task that watches the
/// policy topic and the task that does the stage's work; the latter can wait for a fresh-enough policy.
public final class PolicyHolder<Policy: Sendable>: Sendable {
    private struct State {
        var current: Policy?
        var currentVersion = -1
        var newestAnnounced = -1
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public var newestAnnounced: Int { state.withLock { $0.newestAnnounced } }
    public var currentVersion: Int { state.withLock { $0.currentVersion } }

    /// Records that `version` was announced (loading it may take a while).
    public func announced(_ version: Int) {
        state.withLock { $0.newestAnnounced = max($0.newestAnnounced, version) }
    }

    /// Installs a loaded policy if it is newer than the current one, and wakes waiters.
    public func install(_ policy: Policy, version: Int) {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard version > state.currentVersion else { return [] }
            state.current = policy
            state.currentVersion = version
            state.newestAnnounced = max(state.newestAnnounced, version)
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// The current policy once one is loaded that `accept(currentVersion, newestAnnounced)` allows.
    public func current(accepting accept: @Sendable (Int, Int) -> Bool) async throws -> (Policy, Int) {
        while true {
            try Task.checkCancellation()
            let ready: (Policy, Int)? = state.withLock { state in
                guard let policy = state.current, accept(state.currentVersion, state.newestAnnounced) else { return nil }
                return (policy, state.currentVersion)
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
