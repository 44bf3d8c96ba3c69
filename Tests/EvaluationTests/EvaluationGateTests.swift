import Evaluation
import Experiments
import Testing
import Tuning

@Suite struct EvaluationGateTests {
    let gate = EvaluationGate(tolerance: 0.02)

    @Test func refusesAPolicyWhoseRewardRoseWhileDevAccuracyFell() {
        // The calibration case: majority vote on a weak base, reward up, true accuracy 24 % → 16 %.
        let versions = [
            VersionPoint(version: 0, meanReward: 0.30, devPassAt1: 0.24),
            VersionPoint(version: 50, meanReward: 0.45, devPassAt1: 0.23),
            VersionPoint(version: 100, meanReward: 0.60, devPassAt1: 0.16),
        ]
        let verdict = gate.judge(baseDevPassAt1: 0.24, versions: versions)
        #expect(!verdict.promote)
        #expect(verdict.firstFailingVersion == 100)
        #expect(verdict.reason.contains("24.0% → 16.0%"))
        #expect(verdict.reason.contains("reward rose 0.300 → 0.600"))
    }

    @Test func promotesAnImprovedPolicyAndOneWithinTheTolerance() {
        let better = gate.judge(
            baseDevPassAt1: 0.24,
            versions: [
                .init(version: 0, meanReward: 0.2, devPassAt1: 0.24), .init(version: 80, meanReward: 0.4, devPassAt1: 0.33),
            ])
        #expect(better.promote)
        let noise = gate.judge(baseDevPassAt1: 0.24, versions: [.init(version: 80, meanReward: nil, devPassAt1: 0.225)])
        #expect(noise.promote)
    }

    @Test func refusesADropEvenWithoutARewardRiseAndNamesNoScorerProblem() {
        let verdict = gate.judge(
            baseDevPassAt1: 0.30,
            versions: [
                .init(version: 0, meanReward: 0.5, devPassAt1: 0.30), .init(version: 40, meanReward: 0.4, devPassAt1: 0.20),
            ])
        #expect(!verdict.promote)
        #expect(!verdict.reason.contains("reward rose"))
        #expect(!gate.judge(baseDevPassAt1: 0.3, versions: []).promote)
    }
}
