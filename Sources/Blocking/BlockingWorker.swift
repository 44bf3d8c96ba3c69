import Dispatch

/// A serial dispatch queue that owns blocking work — model forward/backward passes that spend seconds inside
/// OpenBLAS, librdkafka calls that wait on the network (`rd_kafka_consumer_poll`, commits, flushes, admin results),
/// file I/O — so it never occupies a thread of Swift Concurrency's cooperative pool.
///
/// Serial: calls on one worker run in order, one at a time. Callers that loop (message polling) re-enqueue per short
/// call so that other calls interleave instead of waiting behind an endless loop. Stages in one process may share a
/// worker so that their compute never overlaps (oversubscribed OpenBLAS threads slow everyone down).
public final class BlockingWorker: Sendable {
    private let queue: DispatchQueue

    public init(label: String, qos: DispatchQoS = .unspecified) {
        queue = DispatchQueue(label: label, qos: qos)
    }

    /// Runs `body` on the worker's queue and resumes the caller with its result.
    public func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
