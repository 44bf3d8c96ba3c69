import Llama
import Tasks

/// A batch of labeled examples laid out for next-token training with the loss on the answer only.
///
/// Row b is the prompt with its tokenizer's special tokens (`[BOS] + prompt` for the byte tokenizer), then
/// `answer + "\n"`, padded at the end with the tokenizer's pad id; the target of position t is the token at t+1 when
/// that token belongs to the answer or its terminator, −1 (ignored) everywhere else, so the model learns to answer
/// and to stop, not to produce prompts.
public struct SupervisedBatch {
    public let B: Int
    public let T: Int
    /// (B, T)
    public let tokens: [Int32]
    /// (B, T), −1 where no loss is taken
    public let targets: [Int32]

    public init(_ examples: [LabeledExample], tokenizer: any Tokenizer) {
        let rows = examples.map { example -> (sequence: [Int], answerStart: Int) in
            let prompt = tokenizer.encode(example.prompt.text, addingSpecialTokens: true)
            return (prompt + tokenizer.encode(example.completion), prompt.count)
        }
        B = rows.count
        T = rows.map(\.sequence.count).max() ?? 1
        let pad = Int32(tokenizer.padTokenId ?? 0)
        var tokens = [Int32](repeating: pad, count: B * T)
        var targets = [Int32](repeating: -1, count: B * T)
        for (b, row) in rows.enumerated() {
            for (t, token) in row.sequence.enumerated() { tokens[b * T + t] = Int32(token) }
            for t in (row.answerStart - 1)..<(row.sequence.count - 1) {
                targets[b * T + t] = Int32(row.sequence[t + 1])
            }
        }
        self.tokens = tokens
        self.targets = targets
    }
}

extension SupervisedBatch {
    /// One optimiser step of `model` on this batch: answer-only cross-entropy, backward, global-norm clipping
    /// (`maxGradNorm` 0: none) and an AdamW update at `learningRate`.
    /// - Returns: the batch's mean loss per answer token, before the update.
    public func trainStep(_ model: LlamaModel, optimizer: AdamW, learningRate: Float, maxGradNorm: Float) -> Float {
        let loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        model.zeroGradients()
        model.backward()
        if maxGradNorm > 0 { GradientClipping.clipByGlobalNorm(model.gradients.arena, maxNorm: maxGradNorm) }
        optimizer.step(parameters: model.parameters.arena, gradients: model.gradients.arena, learningRate: learningRate)
        return loss
    }
}
