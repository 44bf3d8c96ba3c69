/// An error of the stage itself — the broker, the blob store, the disk — rather than of the record it was handling.
///
/// The rule every stage follows: an error while handling one record is that record's fault and sends it to the
/// dead-letter topic; only a `StageFailure` is not. `StageLoop` retries the record with backoff (`RetryPolicy`), and
/// if the failure persists it ends the stage with this error, logged, so the process exits and is restarted with
/// the record still unacknowledged. Code that touches shared infrastructure wraps the call in `StageFailure.guard`.
public struct StageFailure: Error, CustomStringConvertible {
    /// What the stage was doing, e.g. "storing the update's gradients in the blob store".
    public let operation: String
    public let underlying: any Error

    public init(_ operation: String, underlying: any Error) {
        self.operation = operation
        self.underlying = underlying
    }

    public var description: String { "\(operation) failed: \(underlying)" }

    /// Runs `body`, turning any error but cancellation into a `StageFailure` of `operation`.
    public static func `guard`<T: Sendable>(
        _ operation: String, _ body: () async throws -> T
    ) async throws -> T {
        do {
            return try await body()
        } catch is CancellationError {
            throw CancellationError()
        } catch let failure as StageFailure {
            throw failure
        } catch {
            throw StageFailure(operation, underlying: error)
        }
    }
}
