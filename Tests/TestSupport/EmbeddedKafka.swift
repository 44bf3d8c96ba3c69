import Kafka

/// An embedded broker with a test's topics created, and the clients the test makes on it: producers,
/// consumer-group members and group-less readers, all with ``KafkaTestSettings``. One per test; call
/// ``shutdown()`` at its end.
///
/// ```swift
/// let topic = KafkaTestSettings.unique("round-trip")
/// let kafka = try await EmbeddedKafka(brokers: 3, topics: [topic: 4])
/// let producer = try kafka.producer()
/// let consumer = try kafka.consumer(group: "g", topics: [topic])
/// // ...
/// await kafka.shutdown()
/// ```
public struct EmbeddedKafka: Sendable {
    public let broker: EmbeddedBroker
    /// Client settings for ``broker`` (``KafkaTestSettings/cluster(_:)``); change them before making a client to
    /// give it other settings (e.g. a smaller producer queue).
    public var configuration: KafkaConfiguration

    /// Starts `brokers` brokers (see `EmbeddedBroker` for what recording requests costs) and creates `topics`,
    /// name → partitions, in order.
    public init(brokers: Int = 3, recordingRequests: Bool = false, topics: KeyValuePairs<String, Int> = [:])
        async throws
    {
        broker = try EmbeddedBroker(
            brokers: brokers, recordingRequests: recordingRequests, logger: KafkaTestSettings.logger)
        for (name, partitions) in topics { try await broker.createTopic(name, partitions: partitions) }
        configuration = KafkaTestSettings.cluster(broker)
    }

    /// A producer with ``configuration``; close it before ``shutdown()``.
    public func producer() throws -> KafkaProducer {
        try KafkaProducer(configuration: configuration, logger: KafkaTestSettings.logger)
    }

    /// A member of consumer group `group` reading `topics` from the earliest offset.
    public func consumer(group: String, topics: [String]) throws -> KafkaConsumer {
        try KafkaConsumer(
            configuration: configuration, consumer: KafkaTestSettings.consumer(group: group, topics: topics),
            logger: KafkaTestSettings.logger)
    }

    /// A group-less reader of every partition of `topics`, from the start unless `.latest`.
    public func reader(topics: [String], from start: KafkaConsumerConfiguration.OffsetReset = .earliest) throws
        -> KafkaConsumer
    {
        try KafkaConsumer(
            configuration: configuration, consumer: KafkaTestSettings.reader(topics: topics, from: start),
            logger: KafkaTestSettings.logger)
    }

    /// Stops every broker; clients still connected see connection errors.
    public func shutdown() async {
        await broker.shutdown()
    }
}
