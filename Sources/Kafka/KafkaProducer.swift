import Blocking
import Logging
import Synchronization

/// Produces messages and awaits each one's delivery report.
///
/// Idempotent by default (`enable.idempotence=true`): librdkafka's retries neither duplicate nor reorder.
/// A full local queue (`queue.buffering.max.messages`) is backpressure: `send` waits for the poll thread to
/// serve delivery reports and retries, it does not fail. A `send` fails only when the cluster does not
/// acknowledge within `KafkaConfiguration.messageTimeout`, or rejects the message.
///
/// Threading: `send` enqueues without blocking; delivery reports are served by a dedicated poll thread
/// (`RDKafkaPollThread`), `flush` and `close` block on a dedicated queue — never on the cooperative pool.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    private let poller: RDKafkaPollThread
    private let blocking = BlockingWorker(label: "tao.kafka.producer", qos: .userInitiated)
    private let closed = Atomic<Bool>(false)

    public init(configuration: KafkaConfiguration, logger: Logger = Logger(label: "tao.kafka.producer")) throws {
        client = try RDKafkaClient(
            .producer, properties: configuration.producerProperties(),
            context: RDKafkaClientContext(logger: logger, bootstrapServers: configuration.bootstrapServers))
        poller = RDKafkaPollThread(client: client, name: "tao.kafka.producer.poll")
    }

    deinit {
        poller.stop()
    }

    /// Sends `message` and returns where the cluster stored it.
    ///
    /// Waits (without blocking a thread) while the local queue is full. Throws `.brokerUnreachable` when
    /// no broker acknowledges within `messageTimeout`, `.messageTooLarge` when the record is larger than
    /// `message.max.bytes` or the broker refuses it as too large, `.deliveryFailed` when the cluster rejects the
    /// message otherwise, `.closed` after `close()`.
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        while true {
            guard !closed.load(ordering: .acquiring) else {
                throw KafkaError(.closed, "cannot send to \(message.topic): the producer is closed")
            }
            let generation = poller.generation
            do {
                return try await withCheckedThrowingContinuation { continuation in
                    enqueue(message, continuation)
                }
            } catch is QueueFull {
                await poller.waitForPoll(after: generation)
            }
        }
    }

    /// Thrown internally when librdkafka's local queue is full; `send` waits for a poll and retries.
    private struct QueueFull: Error {}

    /// Hands `message` to librdkafka (non-blocking); resumes `continuation` at once unless it was enqueued,
    /// in which case the delivery callback will.
    private func enqueue(
        _ message: KafkaProducerMessage, _ continuation: CheckedContinuation<KafkaDeliveryReport, any Error>
    ) {
        switch client.enqueue(message, continuation) {
        case .enqueued: break
        case .queueFull: continuation.resume(throwing: QueueFull())
        case .failed(let error): continuation.resume(throwing: error)
        }
    }

    /// The number of partitions of `topic`, or nil when the cluster has no such topic.
    ///
    /// Asks for the metadata of all topics (`rd_kafka_metadata` with `all_topics=1`), never of `topic` alone:
    /// a broker with `auto.create.topics.enable` (and librdkafka's mock cluster) creates a topic named in a
    /// metadata request, so asking about a missing topic would make it exist. Blocks on this producer's queue,
    /// not on the cooperative pool; throws `.brokerUnreachable` when no broker answers within `timeout`.
    public func partitionCount(topic: String, timeout: Duration = .seconds(10)) async throws -> Int? {
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run { try client.metadata(timeoutMs: milliseconds).partitionCounts[topic] }
    }

    /// Waits until every enqueued message has its delivery report, or throws `.brokerUnreachable` after `timeout`.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        try await blocking.run { try client.flush(timeoutMs: milliseconds) }
    }

    /// Stops intake (later sends throw `.closed`), flushes, then stops the poll thread. The handle is destroyed with the producer.
    public func close(timeout: Duration = .seconds(30)) async throws {
        closed.store(true, ordering: .releasing)
        try await flush(timeout: timeout)
        let poller = poller
        try await blocking.run { poller.stopAndJoin() }
    }
}
