import Testing
import Tasks
@testable import Scoring

/// A scorer that returns fixed totals, for testing combinations.
struct FixedScorer: Scorer {
    let name: String
    let totals: [Double]

    func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        totals.map { Score(total: $0, components: ["raw": $0]) }
    }
}

struct WeightedScorerTests {
    let prompt = TaskPrompt(id: "w", task: "arithmetic", text: "1+1=")

    @Test func totalIsTheWeightedMeanAndComponentsArePrefixed() async throws {
        let scorer = WeightedScorer(name: "combo", terms: [
            .init(weight: 1, scorer: FixedScorer(name: "a", totals: [1, 0, 0.5])),
            .init(weight: 3, scorer: FixedScorer(name: "b", totals: [0, 1, 0.5])),
        ])
        let scores = try await scorer.score(prompt: prompt, completions: ["x", "y", "z"])
        #expect(scores.map(\.total) == [0.25, 0.75, 0.5])
        #expect(scores[0].components == ["a": 1, "a.raw": 1, "b": 0, "b.raw": 0])
    }

    @Test func aChildReturningTheWrongCountIsAnError() async {
        let scorer = WeightedScorer(name: "bad", terms: [.init(weight: 1, scorer: FixedScorer(name: "a", totals: [1]))])
        await #expect(throws: ScoringError.wrongScoreCount(scorer: "a", expected: 2, got: 1)) {
            try await scorer.score(prompt: prompt, completions: ["x", "y"])
        }
    }

    @Test func scoresAreClampedIntoTheUnitInterval() {
        #expect(Score(total: 1.5).total == 1)
        #expect(Score(total: -2).total == 0)
        #expect(Score(total: .nan).total == 0)
    }
}
