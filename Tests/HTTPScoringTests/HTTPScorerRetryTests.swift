import HTTPScoring
import Scoring
import Testing

/// What may pass is retried (5xx, 429, a refused connection); what will not (other 4xx) is thrown at once; what
/// never passes ends in the fallback or an error naming the status and the attempts.
@Suite struct HTTPScorerRetryTests {
    @Test func aServerErrorThenSuccessIsRetried() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/fail-first/1"))
            let scores = try await scorer.score(prompt: .sample, completions: ["0.3", "0.6"])
            #expect(scores.map(\.total) == [0.3, 0.6])
            #expect(try await server.requests(to: "/fail-first/1") == 2)
            let statistics = scorer.statistics
            #expect(statistics.requests == 2 && statistics.retries == 1)
            #expect(statistics.failures == [.serverError: 1])
            #expect(statistics.fallbacks == 0)
        }
    }

    @Test func tooManyRequestsIsRetried() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/fail-first/2/429"))
            #expect(try await scorer.score(prompt: .sample, completions: ["0.5"]).map(\.total) == [0.5])
            #expect(scorer.statistics.failures == [.rateLimited: 2])
            #expect(scorer.statistics.retries == 2)
        }
    }

    @Test func aPersistentServerErrorGetsTheFallback() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/status/503", retries: 2, fallback: 0.25))
            let scores = try await scorer.score(prompt: .sample, completions: ["0.1", "0.9", "0.5"])
            #expect(scores == Array(repeating: Score(total: 0.25, components: ["fallback": 1]), count: 3))
            #expect(try await server.requests(to: "/status/503") == 3)
            #expect(scorer.statistics.fallbacks == 3)
            #expect(scorer.statistics.failures == [.serverError: 3])
        }
    }

    @Test func aPersistentServerErrorThrowsWithoutAFallback() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/status/500", retries: 2))
            let error = await scorerError { try await scorer.score(prompt: .sample, completions: ["0.1"]) }
            guard case .serverError(_, 500, let body, 3) = error else {
                Issue.record("expected HTTP 500 after 3 attempts, got \(String(describing: error))")
                return
            }
            #expect(body.contains("injected 500"))
            #expect(error!.description.contains("HTTP 500") && error!.description.contains("3 attempts"))
            #expect(scorer.statistics.fallbacks == 0)
        }
    }

    @Test(arguments: [400, 404, 422])
    func aClientErrorIsNotRetried(status: Int) async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(options: .fast(server.url + "/status/\(status)", retries: 3))
            let error = await scorerError { try await scorer.score(prompt: .sample, completions: ["0.1"]) }
            guard case .rejected(_, status, _) = error else {
                Issue.record("expected a rejected \(status), got \(String(describing: error))")
                return
            }
            #expect(error!.description.contains("not retried"))
            #expect(try await server.requests(to: "/status/\(status)") == 1)
            #expect(scorer.statistics.retries == 0)
        }
    }

    @Test func aRefusedConnectionIsRetriedThenReported() async throws {
        // A port that was just listening and is now closed.
        let server = try await ScoringServiceProcess.faults()
        server.stop()
        let options = HTTPScorerOptions.fast(server.url + "/ok", retries: 2)
        let scorer = try HTTPScorer(options: options)
        let (elapsed, result) = await timed { try await scorer.score(prompt: .sample, completions: ["0.1"]) }
        guard case .failure(let thrown) = result, case .connectionFailed(_, "connection refused", 3)? = thrown as? HTTPScorerError
        else {
            Issue.record("expected a connection failure after 3 attempts, got \(result)")
            return
        }
        #expect(elapsed < options.callBound + schedulingSlack)
        #expect(scorer.statistics.failures == [.connectionFailed: 3])
        #expect("\(thrown)".contains("check the URL"))
    }
}
