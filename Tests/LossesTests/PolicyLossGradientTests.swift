import Losses
import Testing

/// Every loss's analytic ∂loss/∂policyLogProbs against central finite differences of its own value.
@Suite struct PolicyLossGradientTests {
    static let losses: [any PolicyLoss] = [
        GRPOLoss(), GRPOLoss(clipEpsilon: 0.2, klCoefficient: 0.05), RLOOLoss(), DPOLoss(beta: 0.3),
        DPOLoss(beta: 0.3),  // with an explicit reference (see `withReference` below)
        BestOfNLoss(),
    ]

    @Test(arguments: 0..<6)
    func gradientsMatchFiniteDifferences(which: Int) {
        let loss = Self.losses[which]
        let group = Self.group(withReference: which == 1 || which == 4)
        let analytic = loss.evaluate(group).dPolicyLogProbs
        let h: Float = 1e-3
        for i in 0..<group.count {
            for t in group.policyLogProbs[i].indices {
                var plus = group, minus = group
                plus.policyLogProbs[i][t] += h
                minus.policyLogProbs[i][t] -= h
                let numeric = (loss.evaluate(plus).loss - loss.evaluate(minus).loss) / Double(2 * h)
                #expect(abs(numeric - Double(analytic[i][t])) < 2e-3, "\(loss.name) sample \(i) token \(t)")
            }
        }
    }

    /// Sampled by an older policy with ratios both inside and outside the clip range; the KL variant has a reference.
    static func group(withReference: Bool) -> PolicyGroup {
        let policy: [[Float]] = [[-0.5, -1.2, -0.3], [-2.0, -0.7], [-1.1, -0.4, -0.9, -1.5]]
        let rollout: [[Float]] = [[-0.55, -1.0, -0.9], [-1.9, -0.75], [-1.0, -0.45, -0.2, -1.55]]
        let reference: [[Float]] = [[-0.6, -1.1, -0.4], [-2.2, -0.6], [-1.2, -0.5, -1.0, -1.3]]
        return PolicyGroup(
            rewards: [1, 0, 0.5], policyLogProbs: policy, rolloutLogProbs: rollout,
            referenceLogProbs: withReference ? reference : nil)
    }
}

@Suite struct PolicyLossBehaviourTests {
    @Test func grpoOnPolicyPushesEachTokenByItsNormalisedAdvantage() {
        let logProbs: [[Float]] = [[-1, -1], [-1, -1], [-1, -1], [-1, -1]]
        let group = PolicyGroup(rewards: [1, 0, 0, 1], policyLogProbs: logProbs, rolloutLogProbs: logProbs)
        let result = GRPOLoss().evaluate(group)
        let advantages = GroupAdvantage.normalized([1, 0, 0, 1])
        #expect(abs(advantages[0] - 1) < 1e-3 && abs(advantages[1] + 1) < 1e-3)
        for i in 0..<4 {
            // d/dπ of −ρA averaged over 8 tokens, at ρ = 1.
            #expect(abs(Double(result.dPolicyLogProbs[i][0]) + advantages[i] / 8) < 1e-6)
        }
        #expect(result.stats["clip_fraction"] == 0)
    }

    @Test func equalRewardsTeachNothing() {
        let logProbs: [[Float]] = [[-1, -2], [-0.5]]
        let group = PolicyGroup(rewards: [1, 1], policyLogProbs: logProbs, rolloutLogProbs: logProbs)
        for loss in [GRPOLoss(), RLOOLoss(), DPOLoss()] as [any PolicyLoss] {
            #expect(loss.evaluate(group).dPolicyLogProbs.joined().allSatisfy { $0 == 0 }, "\(loss.name)")
        }
    }

    /// A sample whose ratio has run past 1 + ε with a positive advantage gets no further push.
    @Test func clippingStopsRunawayRatios() {
        let group = PolicyGroup(
            rewards: [1, 0], policyLogProbs: [[-0.1], [-1]], rolloutLogProbs: [[-1.0], [-1]])
        let result = GRPOLoss(clipEpsilon: 0.2).evaluate(group)
        #expect(result.dPolicyLogProbs[0][0] == 0)
        #expect(result.dPolicyLogProbs[1][0] > 0)  // the bad sample is still pushed down (gradient of loss > 0)
        #expect(result.stats["clip_fraction"] == 0.5)
    }

    @Test func dpoAndBestOfNRaiseTheBestAndDPOLowersTheWorst() {
        let group = PolicyLossGradientTests.group(withReference: false)
        let dpo = DPOLoss().evaluate(group).dPolicyLogProbs
        #expect(dpo[0].allSatisfy { $0 < 0 })
        #expect(dpo[1].allSatisfy { $0 > 0 })
        #expect(dpo[2].allSatisfy { $0 == 0 })
        let best = BestOfNLoss().evaluate(group).dPolicyLogProbs
        let third: Float = -1.0 / 3
        #expect(best[0] == [third, third, third])
        #expect(best[1] == [0, 0])
        #expect(best[2].allSatisfy { $0 == 0 })
    }

    @Test func bestOfNLearnsNothingFromAGroupWithoutABest() {
        var group = PolicyLossGradientTests.group(withReference: false)
        group.rewards = [0, 0, 0]
        let result = BestOfNLoss().evaluate(group)
        #expect(result.dPolicyLogProbs.allSatisfy { $0.allSatisfy { $0 == 0 } })
        #expect(result.loss == 0)
    }

    @Test func leaveOneOutBaseline() {
        let twoThirds = 2.0 / 3
        let expected = [twoThirds, -twoThirds, -twoThirds, twoThirds]
        #expect(zip(GroupAdvantage.leaveOneOut([1, 0, 0, 1]), expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(GroupAdvantage.leaveOneOut([0.7]) == [0])
    }
}
