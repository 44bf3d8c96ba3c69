/// One prompt of a batch with its own token limit and seed: callers who asked for different lengths or seeds can
/// still decode together (``CompletionGenerator/generate(_:count:parameters:observer:)``).
public struct GenerationRequest: Sendable, Equatable {
    /// token ids, at least one
    public var prompt: [Int]
    public var maxNewTokens: Int
    /// The seed of this prompt's samples: sample i draws from a stream seeded by (seed, i).
    public var seed: UInt64

    public init(prompt: [Int], maxNewTokens: Int, seed: UInt64) {
        self.prompt = prompt
        self.maxNewTokens = maxNewTokens
        self.seed = seed
    }
}

/// Hears a batch's text as it is decoded: `(prompt, sample, text)` is the next piece of sample `sample` of request
/// `prompt`. Pieces are whole UTF-8 characters, never part of a stop sequence, and together they are exactly the
/// completion's final text. Called on the decoding threads (possibly several at once): keep it short and thread-safe.
public typealias GenerationObserver = @Sendable (_ prompt: Int, _ sample: Int, _ text: String) -> Void
