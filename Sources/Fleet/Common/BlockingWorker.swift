import Dispatch

/// A serial dispatch queue that owns blocking, CPU-heavy work — model forward/backward passes, which spend seconds
/// inside OpenBLAS — so it never occupies a thread of Swift Concurrency's cooperative pool.
public final class BlockingWorker: Sendable {
    private let queue: DispatchQueue

    public init(label: String) {
        queue = DispatchQueue(label: label)
    }

    /// Runs `body` on the worker's queue and returns its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
