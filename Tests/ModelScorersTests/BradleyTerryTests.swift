import Foundation
import ModelScorers
import Testing

@Suite struct BradleyTerryTests {
    @Test func lossAndGradientMatchTheDefinitionAndFiniteDifferences() {
        let chosen: [Float] = [1.5, -0.25, 0.75], rejected: [Float] = [0.5, 0.25, 3]
        let (loss, dChosen, dRejected) = BradleyTerry.loss(chosen: chosen, rejected: rejected)
        let terms: [Double] = zip(chosen, rejected).map { (c: Float, r: Float) -> Double in log(1 + exp(-Double(c - r))) }
        let expected = terms.reduce(0, +) / 3
        #expect(abs(loss - expected) < 1e-9)
        let eps: Float = 1e-3
        for i in 0..<3 {
            var plus = chosen, minus = chosen
            plus[i] += eps
            minus[i] -= eps
            let numeric = (BradleyTerry.loss(chosen: plus, rejected: rejected).loss
                - BradleyTerry.loss(chosen: minus, rejected: rejected).loss) / (2 * Double(eps))
            #expect(abs(Double(dChosen[i]) - numeric) < 1e-4)
            #expect(dRejected[i] == -dChosen[i])
        }
        // A huge margin neither overflows nor underflows into NaN.
        let extreme = BradleyTerry.loss(chosen: [1e4, -1e4], rejected: [-1e4, 1e4])
        #expect(extreme.loss.isFinite && extreme.dChosen.allSatisfy(\.isFinite))
    }

    @Test func plattScalingRecoversTheLogisticThatMadeTheLabels() {
        var state: UInt64 = 7
        func uniform() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        var rewards: [Double] = [], labels: [Bool] = []
        for _ in 0..<20_000 {
            let r = uniform() * 6 - 3
            rewards.append(r)
            labels.append(uniform() < BradleyTerry.sigmoid(2 * r - 1))
        }
        let fit = PlattCalibration(rewards: rewards, labels: labels)
        #expect(abs(fit.a - 2) < 0.15 && abs(fit.b + 1) < 0.15, "fit a=\(fit.a) b=\(fit.b)")
        // Perfectly separated labels stay finite (the ridge term).
        let separated = PlattCalibration(rewards: [-2, -1, 1, 2], labels: [false, false, true, true])
        #expect(separated.a.isFinite && separated.a > 0 && separated.probability(2) > 0.9 && separated.probability(-2) < 0.1)
    }
}

extension BradleyTerryTests {
    /// Rewards of large magnitude (an uncalibrated head) made an undamped Newton step diverge to a ≈ 3·10⁵.
    @Test func plattScalingStaysSaneOnLargeOverlappingRewards() {
        let rewards: [Double] = (0..<200).map { Double($0 % 17) * 3 - 20 }
        let labels: [Bool] = rewards.indices.map { ($0 * 7919) % 10 < (rewards[$0] > 0 ? 7 : 3) }
        let fit = PlattCalibration(rewards: rewards, labels: labels)
        #expect(abs(fit.a) < 1 && abs(fit.b) < 5, "a=\(fit.a) b=\(fit.b)")
        #expect(fit.probability(25) > fit.probability(-20))
    }
}
