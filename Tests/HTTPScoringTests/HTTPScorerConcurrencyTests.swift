import HTTPScoring
import Testing

/// `maxConcurrentRequests` bounds the requests in flight across every call of one scorer, as the server counts them.
@Suite struct HTTPScorerConcurrencyTests {
    @Test func theRequestLimitHoldsAcrossConcurrentCalls() async throws {
        try await withFaultServer { server in
            let path = "/slow/150"
            let scorer = try HTTPScorer(options: .fast(server.url + path, maxConcurrentRequests: 2, batchSize: 1))
            // Three calls of three candidates: nine requests, each held 150 ms by the server.
            let totals = try await withThrowingTaskGroup(of: [Double].self) { group in
                for call in 0..<3 {
                    group.addTask {
                        try await scorer.score(prompt: .sample, completions: (0..<3).map { "0.\(call)\($0)" }).map(\.total)
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let expected: [[Double]] = (0..<3).map { call in (0..<3).map { Double(call * 10 + $0) / 100 } }
            let calls: [[Double]] = totals.sorted { $0[0] < $1[0] }
            #expect(calls == expected)
            let log = try await server.log()
            #expect(log.counts[path] == 9)
            // At most two at once — and two were reached, so the limit, not chance, is what held it.
            #expect(log.max_in_flight[path] == 2)
            #expect(scorer.statistics.requests == 9)
        }
    }
}
