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

extension ScoredGroup {
    /// Rejects what would crash or mislead the engine, with the reason (the record goes to the dead-letter topic).
    func validate() throws {
        func fail(_ reason: String) -> UnusableRecord { UnusableRecord("rollout", reason) }
        guard !promptTokens.isEmpty else { throw fail("the prompt has no tokens") }
        guard !completions.isEmpty else { throw fail("it has no completions") }
        guard completions.count == rewards.count, completions.count == rolloutLogProbs.count else {
            throw fail("\(completions.count) completions, \(rewards.count) scores, \(rolloutLogProbs.count) log-prob rows")
        }
        for (tokens, logProbs) in zip(completions, rolloutLogProbs) where tokens.count != logProbs.count {
            throw fail("a completion has \(tokens.count) tokens but \(logProbs.count) log-probs")
        }
        guard rewards.allSatisfy({ (0...1).contains($0) }) else { throw fail("a reward is not finite or not in [0, 1]") }
    }
}
