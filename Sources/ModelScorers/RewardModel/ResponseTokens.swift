import ChatTemplates
import Llama
import Tasks

/// How a (prompt, response) pair becomes the token sequence a reward model or a judge reads — the same way the
/// policy produced it: a chat prompt rendered by the model's chat template with its generation prompt, the reply,
/// then the template's end-of-turn token; a text prompt with its tokenizer's special tokens (e.g. BOS), then the
/// continuation. Responses longer than `maxResponseTokens` are cut, so one runaway sample cannot blow up a batch.
public struct ResponseTokens {
    public let tokenizer: any Tokenizer
    let chat: Result<ChatFormat, any Error>
    let endOfTurn: [Int]
    public let maxResponseTokens: Int

    public init(policy: LoadedPolicy, maxResponseTokens: Int) {
        tokenizer = policy.tokenizer
        chat = Result { try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer) }
        endOfTurn = (try? chat.get())?.endOfTurnTokenIds(tokenizer: policy.tokenizer) ?? []
        self.maxResponseTokens = maxResponseTokens
    }

    /// The prompt's tokens alone.
    /// - Throws: `ChatFormatError` for a chat prompt when the model has no usable chat template.
    public func prompt(_ prompt: TaskPrompt) throws -> [Int] {
        guard let messages = prompt.messages else { return tokenizer.encode(prompt.text, addingSpecialTokens: true) }
        return try chat.get().promptTokens(messages, tokenizer: tokenizer)
    }

    /// The prompt's tokens followed by the response's.
    public func sequence(_ prompt: TaskPrompt, response: String) throws -> [Int] {
        let reply = Array(tokenizer.encode(response).prefix(maxResponseTokens))
        return try self.prompt(prompt) + reply + (prompt.messages == nil ? [] : endOfTurn)
    }
}
