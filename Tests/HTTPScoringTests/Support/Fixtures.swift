import Foundation
import HTTPScoring
import Tasks

/// Runs `body` with a fresh fault server, stopped afterwards whatever happens.
func withFaultServer<T>(_ body: (ScoringServiceProcess) async throws -> T) async throws -> T {
    let server = try await ScoringServiceProcess.faults()
    defer { server.stop() }
    return try await body(server)
}

extension HTTPScorerOptions {
    /// Options for tests: short timeouts and backoffs, and a breaker that stays out of the way unless asked.
    static func fast(
        _ url: String, timeout: Double = 2, retries: Int = 2, maxConcurrentRequests: Int = 4, batchSize: Int = 32,
        breakerThreshold: Int = 1000, breakerCooldown: Double = 30, fallback: Double? = nil
    ) -> HTTPScorerOptions {
        HTTPScorerOptions(
            url: url, timeout: timeout, retries: retries, backoffBase: 0.01, backoffMax: 0.02,
            maxConcurrentRequests: maxConcurrentRequests, batchSize: batchSize, breakerThreshold: breakerThreshold,
            breakerCooldown: breakerCooldown, fallback: fallback)
    }
}

extension TaskPrompt {
    static let sample = TaskPrompt(
        id: "arith-7-12", task: "arithmetic", text: "12+345*6=", metadata: ["expression": "12+345*6"])
}

/// The error `body` threw, if it was an `HTTPScorerError`.
func scorerError(_ body: () async throws -> some Any) async -> HTTPScorerError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error as? HTTPScorerError
    }
}

/// How long `body` took, and what it returned or threw.
func timed<T>(_ body: () async throws -> T) async -> (elapsed: Duration, result: Result<T, any Error>) {
    let clock = ContinuousClock()
    let start = clock.now
    do {
        let value = try await body()
        return (clock.now - start, .success(value))
    } catch {
        return (clock.now - start, .failure(error))
    }
}

/// Slack for timing checks on a shared two-core machine: scheduling, not the scorer, takes this much at most.
let schedulingSlack = Duration.milliseconds(700)

/// Runs blocking work (starting a child process and reading its first line, waiting for one to exit) on a thread of
/// its own, so it never holds one of the cooperative pool's few threads that the scorer's timers and I/O need.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread { continuation.resume(with: Result { try body() }) }
    }
}
