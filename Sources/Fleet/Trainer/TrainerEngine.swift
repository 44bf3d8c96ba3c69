import Llama
import Losses
import Messages
import Tensors

/// A loaded policy the trainer takes gradients at. Lives on the trainer's `BlockingWorker` (hence
/// `@unchecked Sendable`).
public final class TrainerEngine: @unchecked Sendable {
    public let policy: LoadedPolicy

    public init(policy: LoadedPolicy) {
        self.policy = policy
    }

    /// What this trainer's updates hold: adapter gradients when the policy has a LoRA adapter attached.
    var updateKind: UpdateMessage.Kind { policy.model.adapter == nil ? .fullGradients : .loraGradients }

    /// The loss's gradient on one group (the adapter's only, in a LoRA run), encoded for an update message, and
    /// the loss's value and diagnostics. The group's shape and ranges are the rollout's checks
    /// (`RolloutMessage.check`); what depends on this policy — a prompt to condition on, token ids in its vocabulary,
    /// a length within its positions — is checked here, before the engine sees the group.
    func gradients(of group: ScoredGroup, loss: any PolicyLoss, update: String) throws -> ([UInt8], Double, [String: Double]) {
        let model = policy.model
        let (V, positions) = (model.config.vocabSize, model.config.maxPositionEmbeddings)
        guard !group.promptTokens.isEmpty else { throw UnusableRecord("rollout", "the prompt has no tokens") }
        guard group.promptTokens.allSatisfy({ 0..<V ~= $0 }), group.completions.joined().allSatisfy({ 0..<V ~= $0 }) else {
            throw UnusableRecord("rollout", "a token id is outside the policy's vocabulary 0..<\(V)")
        }
        guard group.longest <= positions else {
            throw UnusableRecord("rollout", "\(group.longest) tokens exceed the policy's \(positions) positions")
        }
        model.zeroGradients()
        let result = PolicyGradient(loss: loss).accumulate(group, into: model)
        let gradients = model.adapter?.gradients.arena ?? model.gradients.arena
        // Never send a NaN: averaged into the coordinator's step it would reach every weight.
        if let (tensor, value) = gradients.firstNonFinite() {
            throw UnusableRecord("rollout", "its gradient is \(value) in \(tensor) (loss \(result.loss)): the group's "
                + "log-probs or rewards are out of the range the loss can take")
        }
        return (try GradientCodec.encode(gradients, update: update), result.loss, result.stats)
    }
}
