/// One prompt's N completions with their rewards, in token ids: what the trainer learns from.
public struct ScoredGroup: Sendable, Equatable {
    /// The templated prompt's tokens (shared by all completions).
    public var promptTokens: [Int]
    /// (N, Tᵢ) each completion's tokens.
    public var completions: [[Int]]
    /// (N, Tᵢ) log-probabilities recorded when sampling.
    public var rolloutLogProbs: [[Float]]
    /// (N)
    public var rewards: [Double]

    public init(promptTokens: [Int], completions: [[Int]], rolloutLogProbs: [[Float]], rewards: [Double]) {
        self.promptTokens = promptTokens
        self.completions = completions
        self.rolloutLogProbs = rolloutLogProbs
        self.rewards = rewards
    }

    /// The longest prompt + completion, T of the batch this group is computed in.
    var longest: Int { promptTokens.count + (completions.map(\.count).max() ?? 0) }
}
