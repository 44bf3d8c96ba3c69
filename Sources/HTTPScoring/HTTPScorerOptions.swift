/// How an `HTTPScorer` talks to a user's scoring service. Every field but `url` has a default, so a configuration
/// may name only the URL; `validated(environment:)` says what is wrong with a bad value and what would be accepted.
///
/// Times are in seconds (`Double`), so the options read the same in YAML, JSON and Swift.
public struct HTTPScorerOptions: Codable, Sendable, Equatable {
    /// Where to POST batches, e.g. `"http://scorer.internal:8080/score"` (http or https).
    public var url: String
    /// Seconds one exchange may take — connecting, sending, the response head *and* the whole body. Default 10.
    public var timeout: Double
    /// Retries after a failed attempt that may pass (timeout, connection failure, 5xx, 429); 0 means one attempt.
    /// Default 3.
    public var retries: Int
    /// Backoff before retry n: a random wait in [0, min(backoffMax, backoffBase · 2ⁿ⁻¹)] ("full jitter"). Default 0.2.
    public var backoffBase: Double
    /// The cap of one backoff wait, also of a server's `Retry-After`. Default 5.
    public var backoffMax: Double
    /// Requests in flight at once across every call of one scorer instance; the rest wait their turn. Default 4.
    public var maxConcurrentRequests: Int
    /// Candidates per request; a bigger group is split into several requests and the scores re-joined in order.
    /// Default 32.
    public var batchSize: Int
    /// Consecutive failed requests (after their retries) that open the circuit breaker. Default 5.
    public var breakerThreshold: Int
    /// Seconds the breaker stays open (requests fail at once, none reach the service) before one trial request.
    /// Default 30.
    public var breakerCooldown: Double
    /// The score, in [0, 1], a candidate gets when the service fails, the breaker is open or the service reports an
    /// error for that candidate. `nil` (the default): the call throws, and the stage dead-letters the record with
    /// the reason.
    public var fallback: Double?
    /// Extra request headers, e.g. `["X-Team": "search"]`. Put secrets in `bearerTokenEnv`, not here.
    public var headers: [String: String]
    /// The name of an environment variable holding a bearer token, sent as `Authorization: Bearer <token>`.
    /// The token is read once when the scorer is made and never logged or shown in an error.
    public var bearerTokenEnv: String?

    public init(
        url: String, timeout: Double = 10, retries: Int = 3, backoffBase: Double = 0.2, backoffMax: Double = 5,
        maxConcurrentRequests: Int = 4, batchSize: Int = 32, breakerThreshold: Int = 5, breakerCooldown: Double = 30,
        fallback: Double? = nil, headers: [String: String] = [:], bearerTokenEnv: String? = nil
    ) {
        self.url = url
        self.timeout = timeout
        self.retries = retries
        self.backoffBase = backoffBase
        self.backoffMax = backoffMax
        self.maxConcurrentRequests = maxConcurrentRequests
        self.batchSize = batchSize
        self.breakerThreshold = breakerThreshold
        self.breakerCooldown = breakerCooldown
        self.fallback = fallback
        self.headers = headers
        self.bearerTokenEnv = bearerTokenEnv
    }

    enum CodingKeys: String, CodingKey {
        case url, timeout, retries, backoffBase, backoffMax, maxConcurrentRequests, batchSize, breakerThreshold
        case breakerCooldown, fallback, headers, bearerTokenEnv
    }

    /// Missing keys take their defaults; only `url` is required.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = HTTPScorerOptions(url: "")
        url = try c.decode(String.self, forKey: .url)
        timeout = try c.decodeIfPresent(Double.self, forKey: .timeout) ?? defaults.timeout
        retries = try c.decodeIfPresent(Int.self, forKey: .retries) ?? defaults.retries
        backoffBase = try c.decodeIfPresent(Double.self, forKey: .backoffBase) ?? defaults.backoffBase
        backoffMax = try c.decodeIfPresent(Double.self, forKey: .backoffMax) ?? defaults.backoffMax
        maxConcurrentRequests =
            try c.decodeIfPresent(Int.self, forKey: .maxConcurrentRequests) ?? defaults.maxConcurrentRequests
        batchSize = try c.decodeIfPresent(Int.self, forKey: .batchSize) ?? defaults.batchSize
        breakerThreshold = try c.decodeIfPresent(Int.self, forKey: .breakerThreshold) ?? defaults.breakerThreshold
        breakerCooldown = try c.decodeIfPresent(Double.self, forKey: .breakerCooldown) ?? defaults.breakerCooldown
        fallback = try c.decodeIfPresent(Double.self, forKey: .fallback)
        headers = try c.decodeIfPresent([String: String].self, forKey: .headers) ?? defaults.headers
        bearerTokenEnv = try c.decodeIfPresent(String.self, forKey: .bearerTokenEnv)
    }

    /// The longest one `score` call can take: every attempt's timeout plus the longest backoff before each retry.
    /// A call that waits for a request slot shares the same bound, so a slow service never wedges the caller.
    public var callBound: Duration {
        var seconds = timeout * Double(retries + 1)
        for retry in stride(from: 1, through: retries, by: 1) { seconds += Backoff(options: self).cap(beforeRetry: retry) }
        return .seconds(seconds)
    }
}
