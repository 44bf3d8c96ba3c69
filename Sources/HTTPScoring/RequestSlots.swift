import Synchronization

/// A counting semaphore for async code: at most `limit` holders at once, waiters served first come first served.
/// A waiter suspends (no polling) and gives up at its deadline or when its task is cancelled.
///
/// Every waiter's continuation is resumed exactly once, by whoever removes it from `waiting` under the lock: a
/// release (true), its deadline (false) or its task's cancellation (throws).
final class RequestSlots: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Bool, any Error>
    }

    private struct State {
        var free: Int
        var waiting: [Waiter] = []
        var nextID: UInt64 = 0
        /// Waiters whose task was cancelled before they were queued.
        var cancelledEarly: Set<UInt64> = []
    }

    private let state: Mutex<State>
    let limit: Int

    init(limit: Int) {
        precondition(limit >= 1)
        self.limit = limit
        state = Mutex(State(free: limit))
    }

    /// Takes a slot, waiting until `deadline` at most: true when taken (call `release()` once done), false when the
    /// deadline passed first. Throws `CancellationError` when the task is cancelled while waiting.
    func acquire(before deadline: ContinuousClock.Instant) async throws -> Bool {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        let timer = Mutex<Task<Void, Never>?>(nil)
        defer {
            timer.withLock { $0?.cancel() }
            _ = state.withLock { $0.cancelledEarly.remove(id) }
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Bool, any Error>) in
                enum Next { case taken, cancelled, queued }
                let next = state.withLock { state -> Next in
                    if state.cancelledEarly.contains(id) { return .cancelled }
                    if state.free > 0 {
                        state.free -= 1
                        return .taken
                    }
                    state.waiting.append(Waiter(id: id, continuation: continuation))
                    return .queued
                }
                switch next {
                case .taken: continuation.resume(returning: true)
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued:
                    timer.withLock {
                        $0 = Task { [self] in
                            try? await Task.sleep(until: deadline, clock: .continuous)
                            remove(id)?.resume(returning: false)
                        }
                    }
                }
            }
        } onCancel: {
            let waiter = state.withLock { state -> CheckedContinuation<Bool, any Error>? in
                guard let index = state.waiting.firstIndex(where: { $0.id == id }) else {
                    state.cancelledEarly.insert(id)
                    return nil
                }
                return state.waiting.remove(at: index).continuation
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    /// Gives a slot back: to the longest waiter if there is one.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Bool, any Error>? in
            guard !state.waiting.isEmpty else {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst().continuation
        }
        next?.resume(returning: true)
    }

    /// Slots held now.
    var held: Int { state.withLock { limit - $0.free } }

    /// Tasks waiting for a slot now.
    var waiting: Int { state.withLock { $0.waiting.count } }

    private func remove(_ id: UInt64) -> CheckedContinuation<Bool, any Error>? {
        state.withLock { state in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index).continuation
        }
    }
}
