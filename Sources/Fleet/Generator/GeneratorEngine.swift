import Llama

/// A loaded policy with its completion generator: what a generator samples with. Lives on the generator's
/// `BlockingWorker` and is only used there (hence `@unchecked Sendable`).
public final class GeneratorEngine: @unchecked Sendable {
    public let policy: LoadedPolicy
    let generator: CompletionGenerator

    public init(policy: LoadedPolicy) {
        self.policy = policy
        generator = CompletionGenerator(model: policy.model, tokenizer: policy.tokenizer)
    }

    /// The prompt's tokens (with the special tokens its tokenizer's rules add, e.g. a BOS) and N completions.
    public func sample(_ text: String, count: Int, parameters: SamplingParameters) throws -> ([Int], [Completion]) {
        let tokens = policy.tokenizer.encode(text, addingSpecialTokens: true)
        return (tokens, try generator.generate(prompt: tokens, count: count, parameters: parameters))
    }
}
