import ChatTemplates
import Llama

/// A loaded policy with its completion generator: what a generator samples with. Lives on the generator's
/// `BlockingWorker` and is only used there (hence `@unchecked Sendable`).
public final class GeneratorEngine: @unchecked Sendable {
    public let policy: LoadedPolicy
    let generator: CompletionGenerator
    /// How chat prompts become tokens: the policy's own chat template, or why it cannot render one.
    let chat: Result<ChatFormat, any Error>
    /// The template's end-of-turn token, which ends a chat reply.
    let endOfTurn: [Int]

    public init(policy: LoadedPolicy, decodePrecision: DecodePrecision = .f32) {
        self.policy = policy
        generator = CompletionGenerator(model: policy.model, tokenizer: policy.tokenizer)
        generator.decodePrecision = decodePrecision
        chat = Result { try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer) }
        endOfTurn = (try? chat.get())?.endOfTurnTokenIds(tokenizer: policy.tokenizer) ?? []
    }

    /// The prompt's tokens (with the special tokens its tokenizer's rules add, e.g. a BOS) and N completions.
    public func sample(_ text: String, count: Int, parameters: SamplingParameters) throws -> ([Int], [Completion]) {
        let tokens = policy.tokenizer.encode(text, addingSpecialTokens: true)
        return (tokens, try generator.generate(prompt: tokens, count: count, parameters: parameters))
    }

    /// A chat's tokens (rendered with the policy's chat template) and N replies, each ending at the template's
    /// end-of-turn token — not at a task's answer marker (`"\n"`): a reply may run over lines, as evaluation lets
    /// it. Throws ``ChatFormatError`` when the policy has no usable template.
    public func sample(
        chat messages: [ChatMessage], count: Int, parameters: SamplingParameters
    ) throws -> ([Int], [Completion]) {
        let tokens = try chat.get().promptTokens(messages, tokenizer: policy.tokenizer)
        var parameters = parameters
        parameters.stopTokenIds += endOfTurn
        parameters.stopSequences = []
        return (tokens, try generator.generate(prompt: tokens, count: count, parameters: parameters))
    }
}
