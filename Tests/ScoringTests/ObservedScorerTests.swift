import Scoring
import Synchronization
import Tasks
import Testing

@Suite struct ObservedScorerTests {
    struct Failing: Scorer {
        let name = "failing"
        func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
            throw ScoringError.unsupportedPrompt(scorer: name, promptID: prompt.id, reason: "always")
        }
    }

    @Test func everyTermOfAWeightedScorerReportsUnderItsOwnName() async throws {
        let seen = Mutex<[ScorerObservation]>([])
        var registry = ScorerRegistry.standard
        registry.register("failing") { _ in Failing() }
        let observed = registry.observed { call in seen.withLock { $0.append(call) } }
        let task = ArithmeticTask()
        let prompt = TaskPrompt(id: "p", task: "arithmetic", text: "2+3=")
        let scores = try await observed.makeScorer(config: "verifier+0.5*format", for: task)
            .score(prompt: prompt, completions: ["5\n", "6\n", "x"])
        let calls = seen.withLock { $0 }
        #expect(Set(calls.map(\.scorer)) == ["arithmetic-verifier", "format"])
        #expect(calls.first { $0.scorer == "arithmetic-verifier" }?.scores == [1, 0, 0])
        #expect(calls.allSatisfy { $0.error == nil && $0.seconds >= 0 } && scores.count == 3)
        await #expect(throws: ScoringError.self) {
            _ = try await observed.makeScorer(config: "failing", for: task).score(prompt: prompt, completions: ["5"])
        }
        let failed = seen.withLock { $0.last! }
        #expect(failed.scorer == "failing" && failed.scores.isEmpty && failed.error?.contains("always") == true)
    }
}
