import HTTPScoring
import Scoring
import Testing

/// A slow service never wedges the caller: a response that never starts and a body that stops half-way both time
/// out, and the whole call — queueing for a request slot included — ends within `callBound`.
@Suite struct HTTPScorerTimeoutTests {
    @Test func aHungResponseTimesOutOnEveryAttempt() async throws {
        try await withFaultServer { server in
            let options = HTTPScorerOptions.fast(server.url + "/hang", timeout: 0.3, retries: 1)
            let scorer = try HTTPScorer(options: options)
            let (elapsed, result) = await timed { try await scorer.score(prompt: .sample, completions: ["0.1"]) }
            guard case .failure(let thrown) = result, case .timedOut(_, _, 2)? = thrown as? HTTPScorerError else {
                Issue.record("expected a timeout after 2 attempts, got \(result)")
                return
            }
            #expect(elapsed >= .milliseconds(600))
            #expect(elapsed < options.callBound + schedulingSlack)
            #expect(try await server.requests(to: "/hang") == 2)
            #expect(scorer.statistics.failures == [.timedOut: 2])
        }
    }

    @Test func aBodyThatStallsHalfWayTimesOut() async throws {
        try await withFaultServer { server in
            let options = HTTPScorerOptions.fast(server.url + "/stall", timeout: 0.3, retries: 0)
            let scorer = try HTTPScorer(options: options)
            let (elapsed, result) = await timed { try await scorer.score(prompt: .sample, completions: ["0.1", "0.2"]) }
            guard case .failure(let thrown) = result, case .timedOut(_, _, 1)? = thrown as? HTTPScorerError else {
                Issue.record("expected a timeout, got \(result)")
                return
            }
            #expect(elapsed < options.callBound + schedulingSlack)
            #expect(try await server.requests(to: "/stall") == 1)
        }
    }

    @Test func aTimeoutWithAFallbackScoresEveryCandidate() async throws {
        try await withFaultServer { server in
            let options = HTTPScorerOptions.fast(server.url + "/stall", timeout: 0.3, retries: 1, fallback: 0)
            let scorer = try HTTPScorer(options: options)
            let (elapsed, result) = await timed { try await scorer.score(prompt: .sample, completions: ["0.1", "0.2"]) }
            #expect(try result.get() == Array(repeating: Score(total: 0, components: ["fallback": 1]), count: 2))
            #expect(elapsed < options.callBound + schedulingSlack)
        }
    }

    @Test func queueingForASlotCountsAgainstTheCallBound() async throws {
        try await withFaultServer { server in
            // One slot, four batches, a service that never answers: batches behind the first must not wait forever.
            let options = HTTPScorerOptions.fast(
                server.url + "/hang", timeout: 0.3, retries: 0, maxConcurrentRequests: 1, batchSize: 1)
            let scorer = try HTTPScorer(options: options)
            let (elapsed, result) = await timed {
                try await scorer.score(prompt: .sample, completions: ["0.1", "0.2", "0.3", "0.4"])
            }
            guard case .failure(let thrown) = result, let error = thrown as? HTTPScorerError else {
                Issue.record("expected the call to fail, got \(result)")
                return
            }
            #expect([.timedOut, .overloaded].contains(error.kind))
            #expect(elapsed < options.callBound + schedulingSlack)
        }
    }
}
