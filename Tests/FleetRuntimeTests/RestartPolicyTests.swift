import FleetRuntime
import Testing

@Suite struct RestartPolicyTests {
    @Test func theWaitDoublesPerQuickDeathUpToTheMaximum() {
        let policy = RestartPolicy(initial: .seconds(1), maximum: .seconds(30))
        #expect((1...7).map { policy.delay(beforeRestart: $0) } == [1, 2, 4, 8, 16, 30, 30].map { Duration.seconds($0) })
        #expect(policy.delay(beforeRestart: 1_000) == .seconds(30), "no overflow however long the crash loop")
    }
}
