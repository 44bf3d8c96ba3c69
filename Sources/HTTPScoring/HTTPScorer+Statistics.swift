import Synchronization

extension HTTPScorer {
    /// The circuit breaker's state, as `Statistics` shows it.
    public enum BreakerState: String, Sendable, Hashable, Codable {
        /// Requests go through; consecutive failures are being counted.
        case closed
        /// Requests fail at once, without reaching the service, until the cooldown has passed.
        case open
        /// The cooldown has passed: the next request is a trial, or one is in flight.
        case halfOpen
    }

    /// What one scorer instance has done since it was made: plain counters, for a metrics layer to export.
    public struct Statistics: Sendable, Equatable {
        /// `score` calls.
        public var calls = 0
        /// HTTP requests sent, retries included.
        public var requests = 0
        /// Requests sent again after a failure that may pass.
        public var retries = 0
        /// Failed attempts by kind (a request retried twice and then answered counts two), plus refusals by the
        /// breaker (`circuitOpen`), requests that found no slot (`overloaded`) and candidates the service could not
        /// score (`candidateFailed`).
        public var failures: [HTTPScorerError.Kind: Int] = [:]
        /// Candidates that got the fallback score.
        public var fallbacks = 0
        /// The breaker's state when these statistics were read.
        public var breaker = BreakerState.closed
        /// Times the breaker opened.
        public var breakerOpenings = 0
        /// Seconds from sending a request to the end of its response (or its failure), summed over `latencyCount`
        /// requests: the mean is their ratio.
        public var latencySeconds = 0.0
        public var latencyCount = 0

        public init() {}

        /// All failures, of every kind.
        public var failureCount: Int { failures.values.reduce(0, +) }
    }
}

/// The scorer's counters behind a lock: every update is one short critical section.
final class StatisticsRecorder: Sendable {
    private let state = Mutex(HTTPScorer.Statistics())

    func update(_ body: (inout HTTPScorer.Statistics) -> Void) {
        state.withLock { body(&$0) }
    }

    func failed(_ kind: HTTPScorerError.Kind, count: Int = 1) {
        state.withLock { $0.failures[kind, default: 0] += count }
    }

    func snapshot(breaker: HTTPScorer.BreakerState) -> HTTPScorer.Statistics {
        var statistics = state.withLock { $0 }
        statistics.breaker = breaker
        return statistics
    }
}
