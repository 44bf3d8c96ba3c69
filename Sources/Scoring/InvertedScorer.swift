import Tasks

/// A control, never a reward to tune with: 1 − the task's verifier, so it rewards exactly the answers the verifier
/// rejects. It stands for a scorer that rewards the wrong thing — what the evaluation gate exists to catch: its reward
/// rises while accuracy falls (`inverted` in a scorer configuration; tested by the flywheel's end-to-end test).
public struct InvertedScorer: Scorer {
    public let name = "inverted"
    public let inner: any Scorer

    public init(_ inner: any Scorer) {
        self.inner = inner
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        try await inner.score(prompt: prompt, completions: completions).map { score in
            let total = 1 - min(max(score.total, 0), 1)
            return Score(total: total, components: ["inverted": total])
        }
    }
}
