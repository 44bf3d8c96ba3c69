import CRdKafka
import Synchronization

/// The reading side of a group-less consumer (`KafkaConsumerConfiguration.groupId == nil`): every partition of
/// `topics`, from the beginning or the end, in no consumer group, never committing.
///
/// Built on librdkafka's legacy ("simple") consumer API, `rd_kafka_consume_start_queue` per partition into one
/// queue, because in librdkafka 2.0.2 `rd_kafka_assign`, `rd_kafka_consumer_poll` and `rd_kafka_consumer_close`
/// all require a `group.id` (they return `_UNKNOWN_GROUP`, "Requires a consumer with group.id configured":
/// `rd_kafka_assign0` in `rdkafka_subscription.c`). Started at a logical offset (`OFFSET_BEGINNING`/`OFFSET_END`,
/// never `OFFSET_STORED`), a partition gets no offset store, so nothing is ever committed, and with no `group.id`
/// the client never looks for a group coordinator.
///
/// Topics are found with all-topics metadata requests (which create nothing): one on the first poll, then about
/// once a second while any topic of `topics` is still missing; each topic is started once it appears, with the
/// partitions it has then (partitions added later are not picked up).
///
/// Threading: `poll` and `stop` block; call them only from the consumer's serial `BlockingWorker`.
/// `assignment` may be read from anywhere. Owns its queue and topic handles and destroys them in `deinit`, before
/// the client (which it keeps alive) destroys the `rd_kafka_t`.
final class RDKafkaPartitionReader: @unchecked Sendable {
    /// An `rd_kafka_topic_t`; librdkafka's topic handles are thread-safe.
    private struct TopicHandle: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    private struct State: Sendable {
        /// The handle of every started topic.
        var topics: [String: TopicHandle] = [:]
        /// Every started partition, in start order.
        var assignment: [KafkaTopicPartition] = []
        var lastMetadataCheck: ContinuousClock.Instant?
        var stopped = false
    }

    private let client: RDKafkaClient
    /// Where every started partition's messages arrive (`rd_kafka_queue_t`).
    private let queue: OpaquePointer
    private let topics: [String]
    private let startOffset: Int64
    private let state = Mutex(State())
    /// How often to look for topics that do not exist yet.
    static let recheckInterval: Duration = .seconds(1)
    /// How long one metadata request may block the consumer's queue.
    static let metadataTimeoutMs: Int32 = 1000

    init(client: RDKafkaClient, topics: [String], fromBeginning: Bool) {
        self.client = client
        self.topics = topics
        startOffset = fromBeginning ? Int64(RD_KAFKA_OFFSET_BEGINNING) : Int64(RD_KAFKA_OFFSET_END)
        queue = rd_kafka_queue_new(client.handle)
    }

    deinit {
        stop()
        state.withLock { state in
            for topic in state.topics.values { rd_kafka_topic_destroy(topic.pointer) }
            state.topics = [:]
        }
        rd_kafka_queue_destroy(queue)
    }

    /// Every partition started so far, sorted.
    var assignment: [KafkaTopicPartition] { state.withLock { $0.assignment.sorted() } }

    /// Blocking: starts topics that appeared (when a check is due), serves the client's events (error callbacks),
    /// then waits up to `timeoutMs` for a message. Nil on timeout, after `stop()`, or on a non-fatal error.
    func poll(timeoutMs: Int32) throws -> KafkaConsumerMessage? {
        try startTopicsIfDue()
        rd_kafka_poll(client.handle, 0)
        guard let message = rd_kafka_consume_queue(queue, timeoutMs) else { return nil }
        defer { rd_kafka_message_destroy(message) }
        return try client.consumed(message)
    }

    /// Blocking: stops fetching every started partition (`rd_kafka_consume_stop`). Idempotent.
    func stop() {
        let started = state.withLock { state -> [(TopicHandle, Int32)] in
            guard !state.stopped else { return [] }
            state.stopped = true
            return state.assignment.compactMap { partition in
                state.topics[partition.topic].map { ($0, partition.partition) }
            }
        }
        for (topic, partition) in started { _ = rd_kafka_consume_stop(topic.pointer, partition) }
    }

    /// Looks for the topics not started yet if the last look was `recheckInterval` ago, and starts those found.
    /// A failed metadata request is only logged (the error callback reports unreachable brokers); the next poll
    /// after `recheckInterval` tries again.
    private func startTopicsIfDue() throws {
        let now = ContinuousClock.now
        let missing = state.withLock { state -> [String] in
            guard !state.stopped else { return [] }
            let missing = topics.filter { state.topics[$0] == nil }
            if let last = state.lastMetadataCheck, now - last < Self.recheckInterval { return [] }
            if !missing.isEmpty { state.lastMetadataCheck = now }
            return missing
        }
        guard !missing.isEmpty else { return }
        let partitionCounts: [String: Int]
        do {
            partitionCounts = try client.metadata(timeoutMs: Self.metadataTimeoutMs).partitionCounts
        } catch {
            client.context.logger.debug("kafka reader: no metadata yet for \(missing): \(error)")
            return
        }
        var started: [KafkaTopicPartition] = []
        defer {
            if !started.isEmpty {
                client.context.logger.info("kafka reader assigned \(started)")
                client.context.events?.yield(.assigned(started))
            }
        }
        for topic in missing {
            guard let count = partitionCounts[topic], count > 0 else { continue }
            try start(topic, partitions: Int32(count), into: &started)
        }
    }

    /// Creates `name`'s topic handle and starts fetching each of its partitions into `queue`.
    private func start(_ name: String, partitions: Int32, into started: inout [KafkaTopicPartition]) throws {
        guard let topic = rd_kafka_topic_new(client.handle, name, nil) else {
            throw RDKafkaError.make(
                .consumerFailed, rd_kafka_last_error(), while: "opening topic \(name) for reading",
                bootstrapServers: client.context.bootstrapServers)
        }
        let handle = TopicHandle(pointer: topic)
        state.withLock { $0.topics[name] = handle }
        for partition in 0..<partitions {
            guard rd_kafka_consume_start_queue(topic, partition, startOffset, queue) == 0 else {
                throw RDKafkaError.make(
                    .consumerFailed, rd_kafka_last_error(), while: "starting to read \(name)[\(partition)]",
                    bootstrapServers: client.context.bootstrapServers)
            }
            let reading = KafkaTopicPartition(topic: name, partition: partition)
            state.withLock { $0.assignment.append(reading) }
            started.append(reading)
        }
    }
}
