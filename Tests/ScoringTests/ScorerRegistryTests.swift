import Testing
import Tasks
@testable import Scoring

struct ScorerRegistryTests {
    let registry = ScorerRegistry.standard

    @Test func verifierResolvesPerTask() throws {
        #expect(try registry.makeScorer(config: "verifier", for: ArithmeticTask()) is ArithmeticVerifier)
        #expect(try registry.makeScorer(config: "verifier", for: try SQLTask()) is SQLExecutionScorer)
        #expect(try registry.makeScorer(config: " verifier ", for: DocumentQATask()) is StatementVerifier)
        #expect(try registry.makeScorer(config: "grounding", for: DocumentQATask()) is DocumentGroundingScorer)
        #expect(throws: ScorerConfigError.self) { try registry.makeScorer(config: "statement", for: ArithmeticTask()) }
        #expect(try registry.makeScorer(config: "majority", for: DocumentQATask()) is MajorityVoteScorer)
    }

    @Test func weightedConfigCombinesVerifierAndFormat() async throws {
        let scorer = try registry.makeScorer(config: "verifier+0.2*format", for: ArithmeticTask())
        #expect(scorer.name == "verifier+0.2*format")
        let prompt = ArithmeticTask().prompts(count: 1, seed: 1)[0]
        let value = ArithmeticExpression.parse(prompt.text)!.value()!
        let scores = try await scorer.score(prompt: prompt, completions: ["\(value)\n", "\(value + 1)\n", "?\n"])
        #expect(scores[0].total == 1)
        #expect(abs(scores[1].total - 0.2 / 1.2) < 1e-12)
        #expect(scores[2].total == 0)
        #expect(scores[1].components["arithmetic-verifier.correct"] == 0)
        #expect(scores[1].components["format.wellFormed"] == 1)
    }

    @Test func configErrorsSayWhatIsWrong() throws {
        let task = ArithmeticTask()
        #expect(throws: ScorerConfigError.unknownScorer("judge", known: registry.names)) {
            try registry.makeScorer(config: "verifier+judge", for: task)
        }
        let message = "\(ScorerConfigError.unknownScorer("judge", known: registry.names))"
        #expect(message.contains("'judge'") && message.contains("majority") && message.contains("verifier"))
        #expect(throws: ScorerConfigError.empty) { try registry.makeScorer(config: "  ", for: task) }
        #expect(throws: ScorerConfigError.malformedTerm("", config: "verifier+")) {
            try registry.makeScorer(config: "verifier+", for: task)
        }
        #expect(throws: ScorerConfigError.malformedTerm("0.2*0.3*format", config: "0.2*0.3*format")) {
            try registry.makeScorer(config: "0.2*0.3*format", for: task)
        }
        #expect(throws: ScorerConfigError.invalidWeight("-1", config: "-1*format")) {
            try registry.makeScorer(config: "-1*format", for: task)
        }
        #expect(throws: ScorerConfigError.duplicateScorer("format", config: "format+format")) {
            try registry.makeScorer(config: "format+format", for: task)
        }
        #expect(throws: ScorerConfigError.duplicateScorer("arithmetic", config: "verifier+arithmetic")) {
            try registry.makeScorer(config: "verifier+arithmetic", for: task)
        }
        #expect(throws: ScorerConfigError.self) { try registry.makeScorer(config: "sql-execution", for: task) }
    }

    @Test func newScorersCanBeRegistered() async throws {
        var registry = ScorerRegistry.standard
        registry.register("constant") { _ in FixedScorer(name: "constant", totals: [0.5, 0.5]) }
        #expect(registry.names.contains("constant"))
        let scorer = try registry.makeScorer(config: "constant", for: DocumentQATask())
        let scores = try await scorer.score(prompt: TaskPrompt(id: "c", task: "docqa", text: ""), completions: ["a", "b"])
        #expect(scores.map(\.total) == [0.5, 0.5])
    }

    @Test func configRoundTripsThroughItsDescription() throws {
        let config = try ScorerConfig(parsing: "verifier + 0.25*majority+format")
        #expect(config.description == "verifier+0.25*majority+format")
        #expect(try ScorerConfig(parsing: config.description) == config)
    }
}
