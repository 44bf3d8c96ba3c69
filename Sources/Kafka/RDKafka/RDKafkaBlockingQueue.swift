import Dispatch

/// A serial queue for blocking librdkafka calls (`rd_kafka_consumer_poll`, `rd_kafka_commit`, `rd_kafka_flush`,
/// `rd_kafka_consumer_close`, admin result waits), so they don't block Swift Concurrency's cooperative thread pool.
///
/// Serial per client: calls on one handle run in order, and callers that loop (message polling) re-enqueue per
/// short poll so that other calls interleave instead of waiting behind an endless loop.
struct RDKafkaBlockingQueue: Sendable {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label, qos: .userInitiated)
    }

    /// Runs `body` on the queue and resumes the caller with its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
