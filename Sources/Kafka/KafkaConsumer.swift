import Blocking
import Logging
import Synchronization

/// A consumer-group member, or a group-less reader: yields messages as an `AsyncSequence`.
///
/// **In a group** (`KafkaConsumerConfiguration.groupId` set): subscribes to the topics and gets partitions from
/// the group, at-least-once. Process a message, then call `storeOffset(for:)`; stored offsets are committed in the
/// background, when partitions are revoked, on `commit()` and on `close()`. Unstored messages are redelivered to
/// whichever member owns the partition next.
///
/// **Group-less** (`groupId == nil`): reads every partition of the topics, from the beginning (`.earliest`) or
/// the end (`.latest`), in no consumer group; `storeOffset(for:)` and `commit()` do nothing and nothing is ever
/// committed. A topic that does not exist yet is looked for about once a second while `messages` is iterated,
/// and read once it appears. For topics every process reads whole, such as the policy topic.
///
/// Threading: every blocking librdkafka call (poll, commit, seek, lag queries, close) runs on this consumer's
/// serial `BlockingWorker`, never on the cooperative pool. The rebalance callback (and a reader's search for
/// new topics) runs there too, inside poll, so partitions are only (re)assigned while someone iterates `messages`:
/// keep iterating. Iteration polls on demand (one message per `next()`), so nothing is buffered beyond
/// librdkafka's own prefetch queue (`queued.max.messages.kbytes`).
public final class KafkaConsumer: Sendable {
    let client: RDKafkaClient
    /// The group-less reading side; nil for a group member.
    let reader: RDKafkaPartitionReader?
    let blocking = BlockingWorker(label: "tao.kafka.consumer", qos: .userInitiated)
    let closed = Atomic<Bool>(false)
    let pollTimeoutMs: Int32
    private let eventsContinuation: AsyncStream<KafkaConsumerEvent>.Continuation

    /// Assignment changes, in order, after they were applied. Keeps the newest 256 if nobody reads it.
    /// A group-less reader reports only `.assigned`, once per topic as it starts reading it.
    public let events: AsyncStream<KafkaConsumerEvent>

    /// Creates the consumer: subscribes it to `consumer.topics` in group `consumer.groupId`, or, with no group,
    /// prepares to read every partition of them (partitions are assigned on the first poll).
    public init(
        configuration: KafkaConfiguration, consumer: KafkaConsumerConfiguration,
        logger: Logger = Logger(label: "tao.kafka.consumer")
    ) throws {
        (events, eventsContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(256))
        pollTimeoutMs = Int32(KafkaConfiguration.milliseconds(consumer.pollTimeout))
        client = try RDKafkaClient(
            .consumer, properties: consumer.properties(cluster: configuration),
            context: RDKafkaClientContext(
                logger: logger, bootstrapServers: configuration.bootstrapServers, events: eventsContinuation))
        if consumer.groupId == nil {
            reader = RDKafkaPartitionReader(
                client: client, topics: consumer.topics, fromBeginning: consumer.autoOffsetReset == .earliest)
        } else {
            reader = nil
            try client.subscribe(consumer.topics)
        }
    }

    deinit {
        eventsContinuation.finish()
    }

    /// The messages of the assigned partitions, polled one per `next()`. Ends (returns nil) after `close()`;
    /// throws `CancellationError` when the iterating task is cancelled and `KafkaError.fatal` on fatal errors.
    public var messages: KafkaConsumerMessages { KafkaConsumerMessages(consumer: self) }

    /// Marks `message` processed: its offset + 1 will be committed for its partition.
    /// A no-op when the partition was revoked meanwhile (its new owner will see the message again), and for a
    /// group-less reader.
    public func storeOffset(for message: KafkaConsumerMessage) throws {
        guard reader == nil else { return }
        try client.storeOffset(message.offset + 1, for: message.topicPartition)
    }

    /// Commits the stored offsets now, waiting for the coordinator's answer. Nothing stored is not an error.
    /// A no-op for a group-less reader. Throws `.closed` after `close()`.
    public func commit() async throws {
        try ensureOpen("commit")
        guard reader == nil else { return }
        let client = client
        try await blocking.run { try client.commitStoredOffsets() }
    }

    /// Stops fetching from `partitions` (they stay assigned); messages already fetched may still be yielded.
    /// A rebalance resumes them.
    public func pause(_ partitions: [KafkaTopicPartition]) throws {
        try client.pause(partitions)
    }

    /// Resumes fetching from paused `partitions`.
    public func resume(_ partitions: [KafkaTopicPartition]) throws {
        try client.resume(partitions)
    }

    /// The partitions currently assigned to this member (or, group-less, being read), sorted.
    public func assignment() throws -> [KafkaTopicPartition] {
        if let reader { return reader.assignment }
        return try client.groupAssignment()
    }

    /// Shuts down in the safe order: stop intake (iteration ends), commit stored offsets (waiting for the
    /// answer), then leave the group (`rd_kafka_consumer_close`), so other members take the partitions over
    /// at once. A group-less reader just stops fetching. Idempotent. The handle is destroyed with the consumer.
    public func close() async throws {
        guard !closed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let client = client
        let reader = reader
        defer { eventsContinuation.finish() }
        try await blocking.run {
            if let reader {
                reader.stop()
            } else {
                try client.commitAndLeaveGroup()
            }
        }
    }

    /// Blocking, on `blocking`: one poll of up to `pollTimeoutMs`; nil when nothing arrived.
    func poll() throws -> KafkaConsumerMessage? {
        if let reader { return try reader.poll(timeoutMs: pollTimeoutMs) }
        return try client.pollMessage(timeoutMs: pollTimeoutMs)
    }

    func ensureOpen(_ operation: String) throws {
        if closed.load(ordering: .acquiring) {
            throw KafkaError(.closed, "cannot \(operation): the consumer is closed")
        }
    }
}
