/// One sampled continuation of a prompt.
public struct Completion: Sendable, Equatable {
    /// The generated token ids, prompt excluded; includes the end-of-sequence token when `finishReason` is `eos`.
    public var tokens: [Int]
    /// (count of `tokens`) the model's log-probability of each token when it was sampled: `rolloutLogProbs`.
    public var logProbs: [Float]
    /// The decoded text, without the end-of-sequence token and cut before a stop sequence.
    public var text: String
    public var finishReason: FinishReason

    public init(tokens: [Int], logProbs: [Float], text: String, finishReason: FinishReason) {
        self.tokens = tokens
        self.logProbs = logProbs
        self.text = text
        self.finishReason = finishReason
    }
}
