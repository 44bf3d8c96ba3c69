@testable import HTTPScoring
import Testing

/// The breaker's state machine on its own: exactly one trial at a time, and a trial that ends without a verdict
/// hands its place to the next request.
@Suite struct CircuitBreakerTests {
    @Test func halfOpenAdmitsOneTrialAtATime() {
        let breaker = CircuitBreaker(threshold: 2, cooldown: .zero)
        #expect(breaker.admit() == .admitted(trial: false))
        #expect(!breaker.failed(trial: false))
        #expect(breaker.failed(trial: false))  // the second consecutive failure opens it
        #expect(breaker.phase == .halfOpen)  // a zero cooldown has already passed
        #expect(breaker.admit() == .admitted(trial: true))
        #expect(breaker.admit() == .refused(retryIn: .zero))
        breaker.abandoned(trial: true)
        #expect(breaker.admit() == .admitted(trial: true))
        breaker.succeeded(trial: true)
        #expect(breaker.phase == .closed)
        #expect(breaker.admit() == .admitted(trial: false))
    }

    @Test func aSuccessResetsTheCount() {
        let breaker = CircuitBreaker(threshold: 2, cooldown: .seconds(60))
        breaker.failed(trial: false)
        breaker.succeeded(trial: false)
        #expect(!breaker.failed(trial: false))
        #expect(breaker.phase == .closed)
        #expect(breaker.failed(trial: false))
        guard case .refused(let retryIn) = breaker.admit() else {
            Issue.record("an open breaker admitted a request")
            return
        }
        #expect(retryIn > .seconds(59) && retryIn <= .seconds(60))
    }
}
