import HTTPScoring
import Scoring
import Tasks
import Testing

/// A healthy service: scores come back in order, big groups are split into batches and re-joined, headers go out.
@Suite struct HTTPScorerHappyPathTests {
    @Test func scoresComeBackInOrderAcrossBatches() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/ok", batchSize: 3))
            let completions = (0..<10).map { "0.0\($0)" }
            let scores = try await scorer.score(prompt: .sample, completions: completions)
            #expect(scores.map(\.total) == (0..<10).map { Double($0) / 100 })
            #expect(scores[4].components == ["echo": 0.04])

            let log = try await server.log()
            #expect(log.requests.map(\.body.candidates.count).sorted() == [1, 3, 3, 3])
            // Each request carries its candidates' positions in the whole group, with their own texts.
            let sent = log.requests.flatMap(\.body.candidates)
            #expect(sent.map(\.index).sorted() == Array(0..<10))
            #expect(sent.allSatisfy { $0.text == completions[$0.index] })
            #expect(log.requests.allSatisfy { $0.body.scorer == "http" })

            let statistics = scorer.statistics
            #expect(statistics.calls == 1)
            #expect(statistics.requests == 4)
            #expect(statistics.failureCount == 0 && statistics.retries == 0 && statistics.fallbacks == 0)
            #expect(statistics.latencyCount == 4 && statistics.latencySeconds > 0)
            #expect(statistics.breaker == .closed)
        }
    }

    @Test func anEmptyGroupSendsNothing() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/ok"))
            #expect(try await scorer.score(prompt: .sample, completions: []).isEmpty)
            #expect(try await server.log().requests.isEmpty)
        }
    }

    @Test func theBearerTokenIsSentButNeverShown() async throws {
        try await withFaultServer { server in
            let environment = ["TAO_TEST_SCORER_TOKEN": "s3cret-token"]
            var options = HTTPScorerOptions.fast(server.url + "/ok", retries: 0)
            options.bearerTokenEnv = "TAO_TEST_SCORER_TOKEN"
            options.headers = ["X-Team": "search"]
            let scorer = try HTTPScorer(options: options, environment: environment)
            _ = try await scorer.score(prompt: .sample, completions: ["0.5"])
            #expect(try await server.log().requests.map(\.authorization) == ["Bearer s3cret-token"])

            options.url = server.url + "/status/401"
            let refused = try HTTPScorer(options: options, environment: environment)
            let error = try #require(await scorerError { try await refused.score(prompt: .sample, completions: ["0.5"]) })
            #expect(error.kind == .rejected)
            #expect(error.description.contains("bearerTokenEnv"))
            #expect(!error.description.contains("s3cret"))
            options.bearerTokenEnv = nil
            options.headers = ["Authorization": "Bearer other-secret"]
            #expect(!"\(options)".contains("other-secret"))
        }
    }

    @Test func theRegistryServesOneSharedScorerUnderItsName() async throws {
        try await withFaultServer { server in
            var registry = ScorerRegistry.standard
            let scorer = try registry.registerHTTP(name: "judge", options: .fast(server.url + "/ok"))
            #expect(registry.names.contains("judge"))
            let alone = try registry.makeScorer(config: "judge", for: ArithmeticTask())
            #expect(alone as? HTTPScorer === scorer)
            #expect(alone.name == "judge")

            let combined = try registry.makeScorer(config: "verifier+0.5*judge", for: ArithmeticTask())
            let scores = try await combined.score(prompt: .sample, completions: ["0.5", "2082\n"])
            #expect(scores[0].components["judge.echo"] == 0.5)
            #expect(scores[1].components["arithmetic-verifier.correct"] == 1)
            #expect(try await server.log().requests.allSatisfy { $0.body.scorer == "judge" })
            #expect(scorer.statistics.calls == 1)
        }
    }
}
