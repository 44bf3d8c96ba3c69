import Scoring
import Tasks
import Testing

/// The random-reward control: a fair coin per completion, the same for the same group, blind to correctness.
@Suite struct RandomRewardScorerTests {
    let prompt = TaskPrompt(id: "p", task: "arithmetic", text: "2+2=", metadata: ["expression": "2+2"])

    @Test func coinsAreFairDeterministicAndBlindToTheAnswer() async throws {
        let scorer = try ScorerRegistry.standard.makeScorer(config: "random", for: ArithmeticTask())
        let completions = (0..<2000).map { "\($0 % 7)\n" }
        let first = try await scorer.score(prompt: prompt, completions: completions).map(\.total)
        let again = try await scorer.score(prompt: prompt, completions: completions).map(\.total)
        #expect(first == again, "a redelivered group gets the same rewards")
        #expect(Set(first) == [0, 1])
        // 2000 fair coins: the count of ones is within 4.5 standard deviations (≈ 100) of 1000.
        let ones = first.filter { $0 == 1 }.count
        #expect(abs(ones - 1000) < 100, "\(ones) ones")
        // Right answers ("4") are rewarded as often as wrong ones, up to noise.
        let right = first.indices.filter { completions[$0] == "4\n" }
        let rightOnes = right.filter { first[$0] == 1 }.count
        #expect(abs(Double(rightOnes) / Double(right.count) - 0.5) < 0.15)
        let other = try await RandomRewardScorer(seed: 1).score(prompt: prompt, completions: completions).map(\.total)
        #expect(other != first, "the seed changes the coins")
    }
}
