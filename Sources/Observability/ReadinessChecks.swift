import Synchronization

/// The named readiness checks of one worker, evaluated together for `/readyz`.
///
/// Register checks as the worker's dependencies come up (`"kafka"`, `"policy-loaded"`); registering a name again
/// replaces its check. Safe to use from any thread or task.
///
/// ```swift
/// let readiness = ReadinessChecks()
/// readiness.register("policy-loaded") { policy.version != nil ? .ready : .notReady("no policy received yet") }
/// ```
public final class ReadinessChecks: Sendable {
    /// How long one check may take before it counts as not ready. Keep it below the probe's `timeoutSeconds`.
    public let timeout: Duration

    private let checks = Mutex<[(name: String, check: ReadinessCheck)]>([])

    /// - Parameter timeout: the deadline for each check on every evaluation (default 2 s).
    public init(timeout: Duration = .seconds(2)) {
        precondition(timeout > .zero, "ReadinessChecks: the timeout must be positive, got \(timeout)")
        self.timeout = timeout
    }

    /// Adds a check under `name`, or replaces the check already registered under it (keeping its position).
    public func register(_ name: String, _ check: @escaping ReadinessCheck) {
        checks.withLock { checks in
            if let index = checks.firstIndex(where: { $0.name == name }) {
                checks[index].check = check
            } else {
                checks.append((name, check))
            }
        }
    }

    /// Removes the check registered under `name`, if any.
    public func unregister(_ name: String) {
        checks.withLock { checks in checks.removeAll { $0.name == name } }
    }

    /// The registered check names, in registration order.
    public var names: [String] { checks.withLock { $0.map(\.name) } }

    /// Runs every check concurrently, each bounded by ``timeout``, and reports their answers in registration order.
    public func evaluate() async -> ReadinessReport {
        let snapshot = checks.withLock { $0 }
        let timeout = self.timeout
        let results = await withTaskGroup(of: (Int, ReadinessResult).self) { group in
            for (index, entry) in snapshot.enumerated() {
                group.addTask { (index, await Self.run(entry.check, timeout: timeout)) }
            }
            var results = [ReadinessResult](repeating: .ready, count: snapshot.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
        return ReadinessReport(
            entries: zip(snapshot, results).map { ReadinessReport.Entry(name: $0.name, result: $1) }
        )
    }

    /// Runs `check`, answering `.notReady` if it has not returned within `timeout`.
    ///
    /// A check that overruns is cancelled and abandoned rather than awaited, so one hung dependency cannot hang the
    /// probe: the check runs in its own task and whichever of "check returned", "deadline passed" and "caller
    /// cancelled" (the server is shutting down) comes first resumes the caller.
    static func run(_ check: @escaping ReadinessCheck, timeout: Duration) async -> ReadinessResult {
        let answer = FirstAnswer()
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ReadinessResult, Never>) in
                guard answer.wait(with: continuation) else { return }
                let checking = Task { answer.give(await check()) }
                let deadline = Task {
                    guard (try? await Task.sleep(for: timeout)) != nil else { return }
                    answer.give(.notReady("no answer within \(timeout)"))
                }
                answer.own([checking, deadline])
            }
        } onCancel: {
            answer.give(.notReady("check cancelled"))
        }
        answer.cancelTasks()
        return result
    }
}

/// Hands the first of several racing answers to a waiting continuation and drops the rest.
private final class FirstAnswer: Sendable {
    private struct State {
        var continuation: CheckedContinuation<ReadinessResult, Never>?
        /// An answer given before anyone waited (cancellation can come that early).
        var early: ReadinessResult?
        var answered = false
        var tasks: [Task<Void, Never>] = []
    }

    private let state = Mutex(State())

    /// Registers the waiter; returns false (having resumed it) if an answer already arrived.
    func wait(with continuation: CheckedContinuation<ReadinessResult, Never>) -> Bool {
        let early = state.withLock { state -> ReadinessResult? in
            if state.early == nil { state.continuation = continuation }
            return state.early
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    func own(_ tasks: [Task<Void, Never>]) {
        state.withLock { $0.tasks = tasks }
    }

    /// Resumes the waiter with `result` if nobody has answered yet; later answers are ignored.
    func give(_ result: ReadinessResult) {
        let continuation = state.withLock { state -> CheckedContinuation<ReadinessResult, Never>? in
            guard !state.answered else { return nil }
            state.answered = true
            if state.continuation == nil { state.early = result }
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(returning: result)
    }

    /// Cancels the racers: the loser of the race is no longer wanted.
    func cancelTasks() {
        for task in state.withLock({ $0.tasks }) { task.cancel() }
    }
}
