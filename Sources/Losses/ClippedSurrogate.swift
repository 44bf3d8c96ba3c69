import Foundation

/// The PPO-style clipped importance-weighted surrogate that GRPO and RLOO share, plus an optional KL penalty.
///
/// Per token t of completion i, with ratio ρ = exp(policyLogProbs − rolloutLogProbs) correcting for samples drawn
/// by an older policy: ℓ = −min(ρ·Aᵢ, clip(ρ, 1−ε, 1+ε)·Aᵢ) + β·KL, where KL is the k3 estimator
/// exp(ref − π) − (ref − π) − 1 ≥ 0. The loss is the mean over all tokens of the group, so long and short
/// completions weigh by their tokens.
struct ClippedSurrogate: Sendable {
    var clipEpsilon: Double
    var klCoefficient: Double

    func evaluate(_ group: PolicyGroup, advantages: [Double]) -> PolicyLossResult {
        let tokens = Double(max(group.tokenCount, 1))
        var loss = 0.0
        var clipped = 0
        var klTotal = 0.0
        var gradients = group.policyLogProbs.map { [Float](repeating: 0, count: $0.count) }
        for i in 0..<group.count {
            let advantage = advantages[i]
            for t in 0..<group.policyLogProbs[i].count {
                let policy = Double(group.policyLogProbs[i][t])
                let ratio = exp(policy - Double(group.rolloutLogProbs[i][t]))
                let bounded = min(max(ratio, 1 - clipEpsilon), 1 + clipEpsilon)
                // min(ρA, clip(ρ)A): the clipped branch is constant in θ, so it passes no gradient.
                var gradient: Double
                if ratio * advantage <= bounded * advantage {
                    loss -= ratio * advantage
                    gradient = -ratio * advantage
                } else {
                    loss -= bounded * advantage
                    gradient = 0
                    clipped += 1
                }
                if klCoefficient > 0, let reference = group.referenceLogProbs?[i][t] {
                    let delta = Double(reference) - policy
                    let kl = exp(delta) - delta - 1
                    klTotal += kl
                    loss += klCoefficient * kl
                    gradient += klCoefficient * (1 - exp(delta))
                }
                gradients[i][t] = Float(gradient / tokens)
            }
        }
        return PolicyLossResult(
            loss: loss / tokens, dPolicyLogProbs: gradients,
            stats: [
                "clip_fraction": Double(clipped) / tokens,
                "kl": klTotal / tokens,
                "advantage_abs_mean": advantages.map(abs).reduce(0, +) / Double(max(advantages.count, 1)),
            ])
    }
}
