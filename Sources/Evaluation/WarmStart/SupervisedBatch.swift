import Llama
import Tasks

/// A batch of labeled examples laid out for next-token training with the loss on the answer only.
///
/// Row b is the prompt with its tokenizer's special tokens (`[BOS] + prompt` for the byte tokenizer), then
/// `answer + "\n"`, padded at the end with the tokenizer's pad id; the target of position t is the token at t+1 when
/// that token belongs to the answer or its terminator, −1 (ignored) everywhere else, so the model learns to answer
/// and to stop, not to produce prompts. A chat example (one with `messages`) is its chat rendered by `chat` up to
/// the assistant's turn, then the answer and the template's end-of-turn token — the reply an instruct model should
/// give to "… Answer with the number only."
public struct SupervisedBatch {
    public let B: Int
    public let T: Int
    /// (B, T)
    public let tokens: [Int32]
    /// (B, T), −1 where no loss is taken
    public let targets: [Int32]

    /// - Throws: ``SupervisedBatchError/noChatFormat`` for a chat example without `chat`, or the chat format's
    ///   error when it cannot render one.
    public init(_ examples: [LabeledExample], tokenizer: any Tokenizer, chat: ChatFormat? = nil) throws {
        let endOfTurn = chat?.endOfTurnTokenIds(tokenizer: tokenizer).prefix(1) ?? []
        let rows = try examples.map { example -> (sequence: [Int], answerStart: Int) in
            guard let messages = example.prompt.messages else {
                let prompt = tokenizer.encode(example.prompt.text, addingSpecialTokens: true)
                return (prompt + tokenizer.encode(example.completion), prompt.count)
            }
            guard let chat else { throw SupervisedBatchError.noChatFormat(example: example.prompt.id) }
            let prompt = try chat.promptTokens(messages, tokenizer: tokenizer)
            return (prompt + tokenizer.encode(example.answer) + endOfTurn, prompt.count)
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
    /// With a LoRA adapter attached, the adapter is what trains (`optimizer` must be laid out as the adapter).
    public func trainStep(_ model: LlamaModel, optimizer: AdamW, learningRate: Float, maxGradNorm: Float) -> Float {
        let loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        model.zeroGradients()
        model.backward()
        let parameters = model.adapter?.parameters.arena ?? model.parameters.arena
        let gradients = model.adapter?.gradients.arena ?? model.gradients.arena
        if maxGradNorm > 0 { GradientClipping.clipByGlobalNorm(gradients, maxNorm: maxGradNorm) }
        optimizer.step(parameters: parameters, gradients: gradients, learningRate: learningRate)
        return loss
    }
}

/// Why a batch of labeled examples cannot be laid out.
public enum SupervisedBatchError: Error, Equatable, CustomStringConvertible {
    case noChatFormat(example: String)

    public var description: String {
        switch self {
        case .noChatFormat(let id):
            return "example '\(id)' is a chat (it has messages) but no chat format was given to render it; train a "
                + "model with a chat template, or pose the task plain"
        }
    }
}
