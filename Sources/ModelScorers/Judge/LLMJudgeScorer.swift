import Blocking
import Scoring
import Tasks

/// Scores candidates with an ``LLMJudge`` (docs/scoring.md, "LLM judge"): a yes/no verdict's probability, an expected
/// 1–10 grade, or a pairwise win rate, on the judge's own worker thread.
public final class LLMJudgeScorer: Scorer, @unchecked Sendable {
    public let name = "judge"
    private let judge: LLMJudge
    private let worker = BlockingWorker(label: "tao.judge")

    public init(judge: LLMJudge) { self.judge = judge }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        guard !completions.isEmpty else { return [] }
        let judge = self.judge
        let scores = try await worker.run { try judge.judge(prompt: prompt, responses: completions) }
        let component = judge.template.mode.rawValue
        return scores.map { Score(total: $0, components: [component: $0]) }
    }
}
