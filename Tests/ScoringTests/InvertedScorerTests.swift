import Scoring
import Tasks
import Testing

/// The gate's control: `inverted` rewards exactly what the verifier rejects.
@Suite struct InvertedScorerTests {
    @Test func itRewardsTheWrongAnswersOnly() async throws {
        let prompt = TaskPrompt(id: "p", task: "arithmetic", text: "2+3=")
        let scorer = try ScorerRegistry.standard.makeScorer(config: "inverted", for: ArithmeticTask(difficulty: .easy))
        let completions = ["5\n", "6\n", "no idea\n"]
        let verifier = try await ArithmeticVerifier().score(prompt: prompt, completions: completions).map(\.total)
        let inverted = try await scorer.score(prompt: prompt, completions: completions).map(\.total)
        #expect(verifier == [1, 0, 0])
        #expect(inverted == [0, 1, 1])
    }
}
