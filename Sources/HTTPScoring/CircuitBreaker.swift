import Synchronization

/// Stops sending to a service that keeps failing, and lets one trial request find out when it is back.
///
/// closed ─(`threshold` consecutive failed requests)→ open ─(`cooldown` passed; the next request is the trial)→
/// half-open ─(trial succeeds)→ closed, ─(trial fails)→ open again. While open, and while a trial is in flight,
/// requests are refused without reaching the service. A request's retries are part of it: it fails once, after them.
final class CircuitBreaker: Sendable {
    /// What a request may do.
    enum Admission: Equatable {
        case admitted(trial: Bool)
        case refused(retryIn: Duration)
    }

    private enum State {
        case closed(consecutiveFailures: Int)
        case open(until: ContinuousClock.Instant)
        case trialInFlight
    }

    let threshold: Int
    let cooldown: Duration
    private let state = Mutex(State.closed(consecutiveFailures: 0))
    private let clock = ContinuousClock()

    init(threshold: Int, cooldown: Duration) {
        self.threshold = threshold
        self.cooldown = cooldown
    }

    /// Asks to send one request; a trial must be reported with `succeeded(trial:)`, `failed(trial:)` or
    /// `abandoned(trial:)`.
    func admit() -> Admission {
        let now = clock.now
        return state.withLock { state in
            switch state {
            case .closed: return .admitted(trial: false)
            case .open(let until) where now >= until:
                state = .trialInFlight
                return .admitted(trial: true)
            case .open(let until): return .refused(retryIn: until - now)
            case .trialInFlight: return .refused(retryIn: .zero)
            }
        }
    }

    func succeeded(trial: Bool) {
        state.withLock { state in
            switch state {
            case .closed: state = .closed(consecutiveFailures: 0)
            case .trialInFlight where trial: state = .closed(consecutiveFailures: 0)
            case .open, .trialInFlight: break  // a request admitted before the breaker opened: not the trial
            }
        }
    }

    /// Returns true when this failure opened the breaker.
    @discardableResult
    func failed(trial: Bool) -> Bool {
        let now = clock.now
        return state.withLock { state in
            switch state {
            case .closed(let failures) where failures + 1 >= threshold:
                state = .open(until: now + cooldown)
                return true
            case .trialInFlight where trial:
                state = .open(until: now + cooldown)
                return true
            case .closed(let failures):
                state = .closed(consecutiveFailures: failures + 1)
                return false
            case .open, .trialInFlight:
                return false
            }
        }
    }

    /// A request that ended without a verdict (cancelled, or never sent): a trial's place goes to the next request.
    func abandoned(trial: Bool) {
        guard trial else { return }
        state.withLock { state in
            if case .trialInFlight = state { state = .open(until: clock.now) }
        }
    }

    var phase: HTTPScorer.BreakerState {
        let now = clock.now
        return state.withLock { state in
            switch state {
            case .closed: return .closed
            case .open(let until): return now >= until ? .halfOpen : .open
            case .trialInFlight: return .halfOpen
            }
        }
    }
}
