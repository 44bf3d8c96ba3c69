import AsyncHTTPClient
import Foundation
import NIOHTTP1
import Scoring
import Tasks

/// A `Scorer` that asks a user's scoring service: it POSTs each group of candidates as JSON
/// (`tao.score-request/1`, docs/scoring.md, "HTTP scorer") and reads one score per candidate back.
///
/// One instance is one service: its request slots (`maxConcurrentRequests`), circuit breaker and statistics are
/// shared by every call on it, from any task. Groups bigger than `batchSize` go out as several requests, sent
/// concurrently within the slots, and their scores are re-joined in order.
///
/// Every call returns or throws within `options.callBound` (every attempt's timeout plus the backoffs), whatever
/// the service does: a body that stalls half-way counts against the timeout like a response that never starts.
/// What a failure becomes — the fallback score or an `HTTPScorerError` — is `options.fallback`'s choice.
public final class HTTPScorer: Scorer {
    public let name: String
    public let options: HTTPScorerOptions
    let client: HTTPClient
    /// `options.url` without user, password or query: what errors show.
    let displayURL: String
    /// Sent with every request; may hold the bearer token, so never logged.
    let headers: HTTPHeaders
    let slots: RequestSlots
    let breaker: CircuitBreaker
    let recorder = StatisticsRecorder()

    /// - Parameters:
    ///   - name: The scorer's name in the run's scorer configuration and in the request's `scorer` field: letters,
    ///     digits, `-` and `_`.
    ///   - client: The HTTP client; `defaultClient` unless a test or an embedding process brings its own.
    ///   - environment: Where `bearerTokenEnv` is looked up.
    /// - Throws: `HTTPScorerOptionsError` for a bad name or option.
    public init(
        name: String = "http", options: HTTPScorerOptions, client: HTTPClient = HTTPScorer.defaultClient,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(HTTPScorerOptionsError) {
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        else {
            throw HTTPScorerOptionsError(field: "name", problem: "'\(name)' is not a scorer name; use letters, digits, - and _")
        }
        try options.validate(environment: environment)
        self.name = name
        self.options = options
        self.client = client
        displayURL = Endpoint.redact(options.url)
        var headers = HTTPHeaders()
        for header in options.requestHeaders(environment: environment) { headers.add(name: header.name, value: header.value) }
        self.headers = headers
        slots = RequestSlots(limit: options.maxConcurrentRequests)
        breaker = CircuitBreaker(threshold: options.breakerThreshold, cooldown: .seconds(options.breakerCooldown))
    }

    /// A process-wide client for HTTP scorers, never shut down. A refused connection fails the attempt at once
    /// (the scorer retries it with its own backoff) instead of being retried inside the client until its connect
    /// timeout; up to 64 connections per host, so `maxConcurrentRequests` is the limit that binds.
    public static let defaultClient: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = 64
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// The counters so far, and the breaker's state now.
    public var statistics: Statistics { recorder.snapshot(breaker: breaker.phase) }

    /// One score per completion, in order.
    /// - Throws: `HTTPScorerError` when the service fails (or a candidate is refused) and there is no fallback.
    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        recorder.update { $0.calls += 1 }
        guard !completions.isEmpty else { return [] }
        let deadline = ContinuousClock.now + options.callBound
        let batches = stride(from: 0, to: completions.count, by: options.batchSize).map {
            $0..<min($0 + options.batchSize, completions.count)
        }
        if batches.count == 1 { return try await scoreBatch(prompt: prompt, completions: completions[...], deadline: deadline) }
        return try await withThrowingTaskGroup(of: (Int, [Score]).self) { group in
            for (number, range) in batches.enumerated() {
                group.addTask {
                    (number, try await self.scoreBatch(prompt: prompt, completions: completions[range], deadline: deadline))
                }
            }
            var joined = [[Score]](repeating: [], count: batches.count)
            for try await (number, scores) in group { joined[number] = scores }
            return joined.flatMap { $0 }
        }
    }
}
