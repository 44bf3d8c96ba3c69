/// How often and how patiently a stage retries what failed through no fault of the record: exponential backoff from
/// `initialDelay`, doubling up to `maxDelay`, for `attempts` tries in all.
public struct RetryPolicy: Sendable, Equatable {
    public var attempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(attempts: Int, initialDelay: Duration, maxDelay: Duration) {
        precondition(attempts >= 1, "at least one attempt")
        self.attempts = attempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Six tries over about half a minute: outlasts a broker's leader election or a blob store's restart, and still
    /// lets an orchestrator see a stage that cannot work.
    public static let standard = RetryPolicy(attempts: 6, initialDelay: .seconds(1), maxDelay: .seconds(16))

    /// The wait before retry number `retry` (1 for the first retry).
    public func delay(beforeRetry retry: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(retry, 1) where delay < maxDelay { delay = min(delay * 2, maxDelay) }
        return delay
    }

    /// Runs `body` until it succeeds, `shouldRetry` says no, or the attempts are used up; `onRetry` hears each
    /// failure that will be retried (for a log line). Cancellation is never retried.
    public func run<T: Sendable>(
        shouldRetry: (any Error) -> Bool = { _ in true },
        onRetry: (_ attempt: Int, _ error: any Error, _ delay: Duration) -> Void = { _, _, _ in },
        _ body: () async throws -> T
    ) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch is CancellationError {
                throw CancellationError()
            } catch let error where attempt < attempts && shouldRetry(error) {
                let wait = delay(beforeRetry: attempt)
                onRetry(attempt, error, wait)
                try await Task.sleep(for: wait)
                attempt += 1
            }
        }
    }
}
