import Synchronization
import Testing

@testable import Observability

@Suite("Readiness checks")
struct ReadinessChecksTests {
    @Test func noChecksMeansReady() async {
        let report = await ReadinessChecks().evaluate()
        #expect(report.isReady)
        #expect(report.text == "readyz check passed\n")
    }

    @Test func reportKeepsRegistrationOrderAndReplacesByName() async {
        let readiness = ReadinessChecks()
        readiness.register("kafka") { .notReady("broker unreachable") }
        readiness.register("policy-loaded") { .ready }
        readiness.register("kafka") { .ready }
        #expect(readiness.names == ["kafka", "policy-loaded"])
        #expect(await readiness.evaluate().isReady)
        readiness.unregister("kafka")
        #expect(readiness.names == ["policy-loaded"])
    }

    @Test func aHungCheckFailsAtItsDeadlineWithoutHoldingUpTheOthers() async {
        let readiness = ReadinessChecks(timeout: .milliseconds(200))
        readiness.register("fast") { .ready }
        // A dependency that does not answer until the test lets it, and ignores cancellation meanwhile.
        let release = Mutex<CheckedContinuation<Void, Never>?>(nil)
        defer { release.withLock { $0?.resume() } }
        readiness.register("hung") {
            await withCheckedContinuation { continuation in release.withLock { $0 = continuation } }
            return .ready
        }
        let started = ContinuousClock.now
        let report = await readiness.evaluate()
        let elapsed = ContinuousClock.now - started
        #expect(elapsed >= .milliseconds(200), "the hung check was given its full deadline")
        #expect(report.entries.map(\.name) == ["fast", "hung"])
        #expect(report.entries[0].result == .ready)
        #expect(report.failures.map(\.name) == ["hung"])
        if case .notReady(let reason) = report.entries[1].result {
            #expect(reason.contains("no answer within"))
        } else {
            Issue.record("the hung check should have failed")
        }
    }
}
