import HTTPScoring
import Scoring
import TestSupport
import Testing

/// The breaker opens after `breakerThreshold` consecutive failed requests, refuses everything while open (the server
/// sees nothing), lets one trial through after the cooldown, and closes when the trial succeeds.
@Suite struct HTTPScorerBreakerTests {
    @Test func opensRefusesHalfOpensAndCloses() async throws {
        try await withFaultServer { server in
            // The first three requests fail: two to open the breaker, one to fail the first trial.
            let path = "/fail-first/3"
            let scorer = try HTTPScorer(
                options: .fast(server.url + path, retries: 0, breakerThreshold: 2, breakerCooldown: 1))
            func call() async -> HTTPScorerError? {
                await scorerError { try await scorer.score(prompt: .sample, completions: ["0.5"]) }
            }

            #expect(await call()?.kind == .serverError)
            #expect(scorer.statistics.breaker == .closed)
            #expect(await call()?.kind == .serverError)
            #expect(scorer.statistics.breaker == .open)
            #expect(scorer.statistics.breakerOpenings == 1)

            let refused = await call()
            #expect(refused?.kind == .circuitOpen)
            #expect(refused?.description.contains("nothing was sent") == true)
            #expect(try await server.requests(to: path) == 2)

            try await eventually("the breaker half-opens after its cooldown", within: .seconds(5)) {
                scorer.statistics.breaker == .halfOpen
            }
            #expect(await call()?.kind == .serverError)  // the trial, and it fails: open again
            #expect(try await server.requests(to: path) == 3)
            #expect(scorer.statistics.breaker == .open)
            #expect(scorer.statistics.breakerOpenings == 2)
            #expect(await call()?.kind == .circuitOpen)
            #expect(try await server.requests(to: path) == 3)

            try await eventually("the breaker half-opens again", within: .seconds(5)) {
                scorer.statistics.breaker == .halfOpen
            }
            #expect(await call() == nil)  // the trial succeeds: closed
            #expect(scorer.statistics.breaker == .closed)
            #expect(await call() == nil)
            #expect(try await server.requests(to: path) == 5)
            #expect(scorer.statistics.failures == [.serverError: 3, .circuitOpen: 2])
        }
    }

    @Test func anOpenBreakerGivesTheFallbackWithoutSending() async throws {
        try await withFaultServer { server in
            let scorer = try HTTPScorer(
                options: .fast(server.url + "/status/500", retries: 0, breakerThreshold: 1, fallback: 0.5))
            _ = try await scorer.score(prompt: .sample, completions: ["0.1"])
            #expect(scorer.statistics.breaker == .open)
            let scores = try await scorer.score(prompt: .sample, completions: ["0.1", "0.2"])
            #expect(scores == Array(repeating: Score(total: 0.5, components: ["fallback": 1]), count: 2))
            #expect(try await server.requests(to: "/status/500") == 1)
            #expect(scorer.statistics.fallbacks == 3)
        }
    }
}
