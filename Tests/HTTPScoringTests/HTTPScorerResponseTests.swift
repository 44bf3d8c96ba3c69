import HTTPScoring
import Scoring
import Testing

/// A service that answers, but not with what the schema promises: each fault is its own error, naming the candidate
/// where there is one, and none is retried (the same request would get the same answer).
@Suite struct HTTPScorerResponseTests {
    @Test func garbageIsAMalformedResponse() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/garbage"))
            let error = await scorerError { try await scorer.score(prompt: .sample, completions: ["0.1"]) }
            guard case .malformedResponse(_, let detail, let body) = error else {
                Issue.record("expected a malformed response, got \(String(describing: error))")
                return
            }
            #expect(detail == "the body is not JSON")
            #expect(body.contains("502 Bad Gateway"))
            #expect(try await server.requests(to: "/garbage") == 1)
            #expect(scorer.statistics.failures == [.malformedResponse: 1])
        }
    }

    @Test func aWrongNumberOfScoresIsReported() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/short"))
            let error = await scorerError { try await scorer.score(prompt: .sample, completions: ["0.1", "0.2", "0.3"]) }
            #expect(error == .wrongCount(url: server.url + "/short", expected: 3, got: 2))
            #expect(error?.description.contains("one entry per candidate") == true)
        }
    }

    @Test(arguments: [("nan", "nan"), ("range", "score is 1.5"), ("string", "score is not a number")])
    func anInvalidScoreNamesTheCandidate(mode: String, detail: String) async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/\(mode)", fallback: nil))
            let error = await scorerError { try await scorer.score(prompt: .sample, completions: ["0.1", "0.2"]) }
            guard case .invalidScore(_, 0, let reported) = error else {
                Issue.record("expected an invalid score for candidate 0, got \(String(describing: error))")
                return
            }
            #expect(reported.contains(detail))
            #expect(try await server.requests(to: "/\(mode)") == 1)
        }
    }

    @Test func aCandidateErrorThrowsWithItsIndexInTheGroup() async throws {
        try await withFaultServer { server in
            // Candidate 4 travels in the second batch; the error still names it by its place in the group.
            let scorer = try HTTPScorer(options: .fast(server.url + "/candidate-error/4", batchSize: 3))
            let error = await scorerError {
                try await scorer.score(prompt: .sample, completions: (0..<6).map { "0.\($0)" })
            }
            guard case .candidateFailed(_, 4, let reason) = error else {
                Issue.record("expected candidate 4 to fail, got \(String(describing: error))")
                return
            }
            #expect(reason == "candidate 4 is too long to judge")
            #expect(error!.description.contains("fallback"))
            // The service answered: that is no failure of the service, and the breaker keeps counting from zero.
            #expect(scorer.statistics.breaker == .closed)
        }
    }

    @Test func aCandidateErrorGetsTheFallbackAlone() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/candidate-error/1", fallback: 0.1))
            let scores = try await scorer.score(prompt: .sample, completions: ["0.5", "0.6", "0.7"])
            #expect(scores.map(\.total) == [0.5, 0.1, 0.7])
            #expect(scores[1].components == ["fallback": 1])
            #expect(scorer.statistics.fallbacks == 1)
            #expect(scorer.statistics.failures == [.candidateFailed: 1])
        }
    }
}
