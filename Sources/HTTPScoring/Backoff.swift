/// Exponential backoff with full jitter: before retry n (1 for the first) wait a uniformly random time in
/// [0, min(max, base · 2ⁿ⁻¹)], so clients that failed together retry apart instead of in waves.
struct Backoff: Sendable, Equatable {
    /// Seconds.
    var base: Double
    /// Seconds; also caps a server's `Retry-After`.
    var max: Double

    init(options: HTTPScorerOptions) {
        base = options.backoffBase
        max = options.backoffMax
    }

    /// The longest wait before retry `retry`, in seconds.
    func cap(beforeRetry retry: Int) -> Double {
        Swift.min(max, base * Double(1 << Swift.min(Swift.max(retry - 1, 0), 30)))
    }

    /// The wait before retry `retry`: full jitter, unless the server asked for `retryAfter` seconds (then that, capped).
    func delay(beforeRetry retry: Int, retryAfter: Double? = nil, using generator: inout some RandomNumberGenerator)
        -> Duration
    {
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0 { return .seconds(Swift.min(retryAfter, max)) }
        return .seconds(Double.random(in: 0...cap(beforeRetry: retry), using: &generator))
    }
}
