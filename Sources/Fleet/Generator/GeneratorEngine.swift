import Llama

/// A loaded policy with its completion generator: what a generator samples with. Lives on the generator's
/// `BlockingWorker` and is only used there (hence `@unchecked Sendable`).
public final class GeneratorEngine: @unchecked Sendable {
    public let policy: LoadedPolicy
    let generator: CompletionGenerator

    public init(policy: LoadedPolicy, decodePrecision: DecodePrecision = .f32) {
        self.policy = policy
        generator = CompletionGenerator(model: policy.model, tokenizer: policy.tokenizer)
        generator.decodePrecision = decodePrecision
    }

    /// The prompt's tokens (with the tokenizer's BOS first) and N completions.
    public func sample(_ text: String, count: Int, parameters: SamplingParameters) throws -> ([Int], [Completion]) {
        let tokens = policy.tokenizer.encode(text, prependingBOS: true)
        return (tokens, try generator.generate(prompt: tokens, count: count, parameters: parameters))
    }
}
