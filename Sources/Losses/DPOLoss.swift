import Foundation

/// DPO on the group's best-versus-worst pair: −log σ(β·[(π_w − ref_w) − (π_l − ref_l)]) over sequence
/// log-probabilities. The reference is `referenceLogProbs` when given, else the sampling policy's
/// `rolloutLogProbs` (on-policy DPO). A group whose rewards are all equal has no pair and contributes nothing.
public struct DPOLoss: PolicyLoss {
    public let name = "dpo"
    public var beta: Double

    public init(beta: Double = 0.1) { self.beta = beta }

    public func evaluate(_ group: PolicyGroup) -> PolicyLossResult {
        var gradients = group.policyLogProbs.map { [Float](repeating: 0, count: $0.count) }
        guard let best = group.rewards.indices.max(by: { group.rewards[$0] < group.rewards[$1] }),
              let worst = group.rewards.indices.min(by: { group.rewards[$0] < group.rewards[$1] }),
              group.rewards[best] > group.rewards[worst]
        else {
            return PolicyLossResult(loss: 0, dPolicyLogProbs: gradients, stats: ["pairs": 0])
        }
        let reference = group.referenceLogProbs ?? group.rolloutLogProbs
        func margin(_ i: Int) -> Double {
            zip(group.policyLogProbs[i], reference[i]).reduce(0) { $0 + Double($1.0) - Double($1.1) }
        }
        let z = beta * (margin(best) - margin(worst))
        // −log σ(z) = log(1 + e^−z), computed stably; d/dz = −σ(−z).
        let loss = z > 0 ? log1p(exp(-z)) : -z + log1p(exp(z))
        let dz = -1 / (1 + exp(z))
        for t in gradients[best].indices { gradients[best][t] = Float(dz * beta) }
        for t in gradients[worst].indices { gradients[worst][t] = Float(-dz * beta) }
        return PolicyLossResult(loss: loss, dPolicyLogProbs: gradients, stats: ["pairs": 1, "margin": z / beta])
    }
}
