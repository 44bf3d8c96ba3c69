import Kafka
import Synchronization

/// The fleet's message bus on Kafka: a real cluster or the embedded broker through librdkafka, or
/// `InMemoryKafkaCluster` in tests — the same adapter over the Kafka module's producer and consumer protocols.
public final class KafkaBus<Consumer: KafkaMessageReceiving>: MessageBus {
    let producer: any KafkaMessageSending
    let makeConsumer: @Sendable (KafkaConsumerConfiguration) throws -> Consumer
    /// Settings for every consumer this bus creates; group and topics are filled in per subscription.
    let consumerTemplate: KafkaConsumerConfiguration

    public init(
        producer: any KafkaMessageSending, consumerTemplate: KafkaConsumerConfiguration,
        makeConsumer: @escaping @Sendable (KafkaConsumerConfiguration) throws -> Consumer
    ) {
        self.producer = producer
        self.consumerTemplate = consumerTemplate
        self.makeConsumer = makeConsumer
    }

    /// Sends every record and waits until the cluster acknowledged all of them (pipelined, not one by one).
    public func publish(_ records: [OutgoingRecord]) async throws {
        let producer = producer
        try await withThrowingTaskGroup(of: Void.self) { group in
            for record in records {
                group.addTask {
                    _ = try await producer.send(KafkaProducerMessage(topic: record.topic, key: record.key, value: record.value))
                }
            }
            try await group.waitForAll()
        }
    }

    public func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        var configuration = consumerTemplate
        configuration.groupId = group
        configuration.topics = topics
        return KafkaBusSubscription(consumer: try makeConsumer(configuration))
    }

    public func read(topics: [String]) async throws -> any BusSubscription {
        var configuration = consumerTemplate
        configuration.groupId = nil
        configuration.topics = topics
        configuration.autoOffsetReset = .earliest
        return KafkaBusSubscription(consumer: try makeConsumer(configuration))
    }

    public func partitionCount(of topic: String) async throws -> Int? {
        try await producer.partitionCount(topic: topic, timeout: .seconds(10))
    }

    public func close() async throws {
        try await producer.close(timeout: .seconds(30))
    }
}

extension KafkaBus where Consumer == KafkaConsumer {
    /// A bus on a cluster reached through `configuration` (a real cluster, or the embedded broker).
    public static func connect(
        _ configuration: KafkaConfiguration, consumerTemplate: KafkaConsumerConfiguration = .init(groupId: "", topics: [])
    ) throws -> KafkaBus<KafkaConsumer> {
        KafkaBus(producer: try KafkaProducer(configuration: configuration), consumerTemplate: consumerTemplate) {
            try KafkaConsumer(configuration: configuration, consumer: $0)
        }
    }
}

extension KafkaBus where Consumer == InMemoryKafkaConsumer {
    /// A bus in memory, for testing stage logic with no broker.
    public static func inMemory(_ cluster: InMemoryKafkaCluster) -> KafkaBus<InMemoryKafkaConsumer> {
        KafkaBus(producer: cluster.makeProducer(), consumerTemplate: .init(groupId: "", topics: [])) {
            cluster.makeConsumer($0)
        }
    }
}

/// One consumer-group member behind the bus's narrow interface. `next()` is called by one task at a time (a
/// stage's loop), which is what makes keeping the iterator here safe.
public final class KafkaBusSubscription<Consumer: KafkaMessageReceiving>: BusSubscription, @unchecked Sendable {
    /// The Kafka consumer behind the subscription: a stage process reads its assignment and lag for readiness and
    /// metrics.
    public let consumer: Consumer
    private var iterator: Consumer.Messages.AsyncIterator

    init(consumer: Consumer) {
        self.consumer = consumer
        iterator = consumer.messages.makeAsyncIterator()
    }

    public func next() async throws -> BusRecord? {
        guard let message = try await iterator.next() else { return nil }
        return BusRecord(
            topic: message.topic, partition: Int(message.partition), offset: message.offset, key: message.key,
            value: message.value)
    }

    public func acknowledge(_ record: BusRecord) throws {
        try consumer.storeOffset(for: KafkaConsumerMessage(
            topic: record.topic, partition: Int32(record.partition), offset: record.offset, key: record.key,
            value: record.value, headers: [], timestamp: nil))
    }

    public func close() async throws {
        try await consumer.close()
    }
}
