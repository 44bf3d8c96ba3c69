/// Sends messages and awaits their delivery: `KafkaProducer` against a cluster, `InMemoryKafkaProducer` in tests.
public protocol KafkaMessageSending: Sendable {
    /// Sends `message` and returns where it was stored; `.messageTooLarge` means the record itself is too big.
    func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport
    /// The number of partitions of `topic`, or nil when the cluster has no such topic. Asking never creates it.
    func partitionCount(topic: String, timeout: Duration) async throws -> Int?
    func close(timeout: Duration) async throws
}

/// A consumer-group member with at-least-once semantics, or a group-less reader (`groupId == nil`: every
/// partition, no commits): `KafkaConsumer` against a cluster, `InMemoryKafkaConsumer` in tests. Process a message,
/// then `storeOffset(for:)` it.
public protocol KafkaMessageReceiving: Sendable {
    associatedtype Messages: AsyncSequence, Sendable where Messages.Element == KafkaConsumerMessage
    /// The assigned partitions' messages, until `close()`.
    var messages: Messages { get }
    /// Assignment changes, after they were applied.
    var events: AsyncStream<KafkaConsumerEvent> { get }
    /// Marks `message` processed, so its offset + 1 gets committed (a no-op for a group-less reader).
    func storeOffset(for message: KafkaConsumerMessage) throws
    /// Commits stored offsets now (a no-op for a group-less reader).
    func commit() async throws
    /// The partitions this member owns now.
    func assignment() throws -> [KafkaTopicPartition]
    /// Stops intake, commits stored offsets, leaves the group (a group-less reader only stops).
    func close() async throws
}

extension KafkaProducer: KafkaMessageSending {}
extension KafkaConsumer: KafkaMessageReceiving {}
