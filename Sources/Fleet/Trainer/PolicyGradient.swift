import Llama
import Losses

/// Computes an RL loss on a group and back-propagates it into a model's gradients.
///
/// The group's N sequences (prompt + completion) run as one batch (B = N, T = the longest, padded at the end —
/// causal attention never looks forward, so padding changes nothing before it). Each completion token's
/// `policyLogProbs` is minus the engine's per-position cross-entropy; the loss turns them into
/// ∂loss/∂policyLogProbs, and since the engine back-propagates Σ wₜ·(−log pₜ), the weights are wₜ = −∂loss/∂log pₜ.
public struct PolicyGradient {
    public let loss: any PolicyLoss

    public init(loss: any PolicyLoss) {
        self.loss = loss
    }

    /// Adds the gradient of `loss` on `group` to `model.gradients` (zero them first for a fresh step).
    /// - Parameter reference: the KL anchor's per-token log-probs are computed with it when given.
    @discardableResult
    public func accumulate(_ group: ScoredGroup, into model: LlamaModel, reference: LlamaModel? = nil)
        -> PolicyLossResult
    {
        let batch = Batch(group)
        let referenceLogProbs = reference.map { batch.logProbs(of: $0) }
        let policyLogProbs = batch.logProbs(of: model)  // last: leaves `model` ready for backward
        let result = loss.evaluate(PolicyGroup(
            rewards: group.rewards, policyLogProbs: policyLogProbs, rolloutLogProbs: group.rolloutLogProbs,
            referenceLogProbs: referenceLogProbs))
        var weights = [Float](repeating: 0, count: batch.B * batch.T)
        for (i, gradients) in result.dPolicyLogProbs.enumerated() {
            for (j, gradient) in gradients.enumerated() { weights[batch.position(i, j)] = -gradient }
        }
        model.backward(lossWeights: weights)
        return result
    }

    /// The group laid out as (B, T) tokens and targets.
    struct Batch {
        let group: ScoredGroup
        let B: Int
        let T: Int
        /// (B, T) prompt + completion, then zeros
        let tokens: [Int32]
        /// (B, T) the next token at every completion-predicting position, −1 elsewhere
        let targets: [Int32]

        init(_ group: ScoredGroup) {
            self.group = group
            B = group.completions.count
            T = group.longest
            var tokens = [Int32](repeating: 0, count: B * T)
            var targets = [Int32](repeating: -1, count: B * T)
            let P = group.promptTokens.count
            for (i, completion) in group.completions.enumerated() {
                let sequence = group.promptTokens + completion
                for (t, token) in sequence.enumerated() { tokens[i * T + t] = Int32(token) }
                for j in completion.indices { targets[i * T + P - 1 + j] = Int32(completion[j]) }
            }
            self.tokens = tokens
            self.targets = targets
        }

        /// Where completion i's token j is predicted: the position before it.
        func position(_ i: Int, _ j: Int) -> Int { i * T + group.promptTokens.count - 1 + j }

        /// (N, Tᵢ) log p of every completion token under `model`.
        func logProbs(of model: LlamaModel) -> [[Float]] {
            let losses = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
            return group.completions.enumerated().map { i, completion in
                completion.indices.map { -losses[position(i, $0)] }
            }
        }
    }
}
