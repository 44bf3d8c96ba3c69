import Foundation
import HTTPScoring
import Scoring
import Tasks
import Testing

/// scripts/examples/http_scorer_server.py, the service users copy, scores through the real scorer end to end, with
/// its bearer token, and gives the answer docs/schemas/examples/ shows.
@Suite struct ExampleServerTests {
    @Test func theExampleServiceScoresEndToEnd() async throws {
        let token = ["TAO_EXAMPLE_SCORER_TOKEN": "example-token"]
        let server = try await ScoringServiceProcess.example(arguments: ["--token-env", "TAO_EXAMPLE_SCORER_TOKEN"], environment: token)
        defer { server.stop() }
        var options = HTTPScorerOptions.fast(server.url, batchSize: 2)
        options.bearerTokenEnv = "TAO_EXAMPLE_SCORER_TOKEN"
        let scorer = try HTTPScorer(options: options, environment: token)

        let example = try SchemaFiles.exampleExchange()
        let scores = try await scorer.score(prompt: example.prompt, completions: example.completions)
        #expect(scores == example.scores)
        #expect(scorer.statistics.requests == 2)

        // Without the token the service refuses, and the scorer says what to check.
        let anonymous = try HTTPScorer(options: .fast(server.url))
        let error = await scorerError { try await anonymous.score(prompt: example.prompt, completions: example.completions) }
        guard case .rejected(_, 401, _) = error else {
            Issue.record("expected 401, got \(String(describing: error))")
            return
        }
    }

    @Test func anOverlongCandidateGetsAnErrorEntry() async throws {
        let server = try await ScoringServiceProcess.example(arguments: ["--max-chars", "10"])
        defer { server.stop() }
        let scorer = try HTTPScorer(options: .fast(server.url, fallback: 0))
        let scores = try await scorer.score(prompt: .sample, completions: ["2082\n", String(repeating: "9", count: 11)])
        #expect(scores[0].total == 1)
        #expect(scores[1] == Score(total: 0, components: ["fallback": 1]))
        #expect(scorer.statistics.failures == [.candidateFailed: 1])
    }
}
