import ChatTemplates
import Llama

/// One policy ready to answer: its generator and its chat format. Used only on the scheduler's decoding
/// thread (hence `@unchecked Sendable`); a new version is a new engine, swapped in between batches.
public final class ServingEngine: @unchecked Sendable {
    let policy: LoadedPolicy
    let generator: CompletionGenerator
    let chat: Result<ChatFormat, any Error>
    let endOfTurn: [Int]

    public init(policy: LoadedPolicy, decodePrecision: DecodePrecision) {
        self.policy = policy
        generator = CompletionGenerator(model: policy.model, tokenizer: policy.tokenizer)
        generator.decodePrecision = decodePrecision
        chat = Result { try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer) }
        endOfTurn = (try? chat.get())?.endOfTurnTokenIds(tokenizer: policy.tokenizer) ?? []
    }

    /// The prompt's tokens; a chat through the policy's chat template, or a 400 saying why it has none.
    func tokens(_ prompt: ServeRequest.Prompt) throws(OpenAIError) -> [Int] {
        switch prompt {
        case .text(let text):
            let tokens = policy.tokenizer.encode(text, addingSpecialTokens: true)
            guard !tokens.isEmpty else { throw .invalid("The prompt is empty.", param: "prompt") }
            return tokens
        case .chat(let messages):
            do {
                return try chat.get().promptTokens(messages, tokenizer: policy.tokenizer)
            } catch {
                throw .invalid("This model cannot take chat messages (\(error)); use /v1/completions.", param: "messages")
            }
        }
    }

    /// Most positions the model takes (prompt + completion).
    var contextLength: Int { policy.model.config.maxPositionEmbeddings }
}

/// The engine that answers now and what the version header says of it: the policy version (`3`), or `base` for
/// `serve.model` before the run's policy topic has announced one.
public struct ServedPolicy: Sendable {
    public let engine: ServingEngine
    public let label: String

    public init(engine: ServingEngine, label: String) {
        self.engine = engine
        self.label = label
    }
}
