import Llama
import Tasks
import Tensors

/// A reward model: the Llama engine (any model it loads, with or without a LoRA adapter) and a scalar
/// ``RewardHead`` on the last token, with the ``PlattCalibration`` that turns its raw reward into a score in [0, 1].
///
/// Batches are right-padded (``PaddedBatch``); the reward is read at each sequence's last real token.
///
/// Threading: not thread-safe (the engine is not); keep it on one `BlockingWorker` (``RewardModelScorer`` does).
public final class RewardModel: @unchecked Sendable {
    public let policy: LoadedPolicy
    public let head: RewardHead
    public var calibration: PlattCalibration
    public let input: ResponseTokens
    /// The last batch's hidden states at each sequence's last token, (B, C), and its shape — what ``backward(dRewards:)``
    /// needs.
    private var lastBatch: (batch: PaddedBatch, hidden: [Float])?

    public init(policy: LoadedPolicy, head: RewardHead, calibration: PlattCalibration = .uncalibrated, maxResponseTokens: Int = 64) {
        precondition(head.hiddenSize == policy.model.config.hiddenSize, "the head must match the model's hidden size")
        self.policy = policy
        self.head = head
        self.calibration = calibration
        input = ResponseTokens(policy: policy, maxResponseTokens: maxResponseTokens)
    }

    /// Raw rewards of token sequences, one forward pass for the batch; keeps what ``backward(dRewards:)`` needs.
    /// - Precondition: every sequence is non-empty and fits the model's context.
    public func rewards(_ sequences: [[Int]]) -> [Float] {
        let batch = PaddedBatch(sequences, context: policy.model.config.maxPositionEmbeddings)
        let (B, T, C) = (batch.B, batch.T, policy.model.config.hiddenSize)
        let hidden = policy.model.hiddenStates(tokens: batch.tokens, B: B, T: T)
        var last = [Float](repeating: 0, count: B * C)
        var rewards = [Float](repeating: 0, count: B)
        for b in 0..<B {
            let offset = batch.last(b) * C
            for c in 0..<C { last[b * C + c] = hidden[offset + c] }
            rewards[b] = last.withUnsafeBufferPointer { head.reward(UnsafeBufferPointer(rebasing: $0[(b * C)..<((b + 1) * C)])) }
        }
        lastBatch = (batch, last)
        return rewards
    }

    /// Accumulates the gradient of a scalar loss whose gradient with respect to the last ``rewards(_:)`` is
    /// `dRewards`: into the head, and into the engine's parameters (the adapter's when one is attached).
    public func backward(dRewards: [Float]) {
        guard let (batch, hidden) = lastBatch else { preconditionFailure("backward(dRewards:) needs a preceding rewards(_:)") }
        precondition(dRewards.count == batch.B, "one reward gradient per sequence")
        let C = head.hiddenSize
        var dHidden = [Float](repeating: 0, count: batch.B * batch.T * C)
        for b in 0..<batch.B {
            let d = hidden.withUnsafeBufferPointer {
                head.backward(dReward: dRewards[b], hidden: UnsafeBufferPointer(rebasing: $0[(b * C)..<((b + 1) * C)]))
            }
            let offset = batch.last(b) * C
            for c in 0..<C { dHidden[offset + c] = d[c] }
        }
        policy.model.backward(hiddenGradients: dHidden)
    }

    /// Zeroes the head's gradient and the engine's (the adapter's when attached).
    public func zeroGradients() {
        head.gradients.zero()
        policy.model.zeroGradients()
    }

    /// Raw rewards of responses to prompts, in batches of at most `batchSize`.
    public func rewards(prompt: TaskPrompt, responses: [String], batchSize: Int) throws -> [Float] {
        let sequences = try responses.map { try input.sequence(prompt, response: $0) }
        let context = policy.model.config.maxPositionEmbeddings
        if let longest = sequences.map(\.count).max(), longest > context {
            throw RewardModelError.tooLong(tokens: longest, context: context)
        }
        var rewards: [Float] = []
        for start in stride(from: 0, to: sequences.count, by: max(1, batchSize)) {
            rewards += self.rewards(Array(sequences[start..<min(sequences.count, start + max(1, batchSize))]))
        }
        return rewards
    }
}
