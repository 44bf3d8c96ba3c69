/// One prompt's N scored completions, as a policy loss sees them.
///
/// Log-probabilities are per completion token; the three are named the same everywhere in the project:
/// `policyLogProbs` under the current θ (what the loss differentiates), `rolloutLogProbs` under the policy that
/// sampled, `referenceLogProbs` under the KL anchor.
public struct PolicyGroup: Sendable {
    /// (N) one reward per completion.
    public var rewards: [Double]
    /// (N, Tᵢ) log π_θ of each completion token.
    public var policyLogProbs: [[Float]]
    /// (N, Tᵢ) log-probabilities recorded when sampling.
    public var rolloutLogProbs: [[Float]]
    /// (N, Tᵢ) under the reference policy, when a KL penalty or DPO needs them.
    public var referenceLogProbs: [[Float]]?

    public init(
        rewards: [Double], policyLogProbs: [[Float]], rolloutLogProbs: [[Float]], referenceLogProbs: [[Float]]? = nil
    ) {
        precondition(rewards.count == policyLogProbs.count && rewards.count == rolloutLogProbs.count)
        precondition(zip(policyLogProbs, rolloutLogProbs).allSatisfy { $0.count == $1.count })
        self.rewards = rewards
        self.policyLogProbs = policyLogProbs
        self.rolloutLogProbs = rolloutLogProbs
        self.referenceLogProbs = referenceLogProbs
    }

    public var count: Int { rewards.count }
    public var tokenCount: Int { policyLogProbs.reduce(0) { $0 + $1.count } }
}

/// A loss's value and its gradient with respect to every completion token's `policyLogProbs`; the engine turns the
/// latter into logit gradients (d log softmax) and back-propagates.
public struct PolicyLossResult: Sendable {
    public var loss: Double
    /// (N, Tᵢ) ∂loss/∂policyLogProbs.
    public var dPolicyLogProbs: [[Float]]
    /// Named diagnostics: mean advantage, clip fraction, KL, …
    public var stats: [String: Double]
}

/// An RL objective over a group of completions. One algorithm per type; the trainer holds one of them.
public protocol PolicyLoss: Sendable {
    var name: String { get }
    func evaluate(_ group: PolicyGroup) -> PolicyLossResult
}
