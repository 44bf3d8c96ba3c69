import Kafka
import TestSupport
import Testing

@Suite("Partition counts and message-size limits")
struct ProducerLimitsTests {
    @Test("partitionCount reads metadata on the embedded broker, and asking about a missing topic does not create it")
    func partitionCountOnBroker() async throws {
        let updates = KafkaTestSettings.unique("updates")
        let prompts = KafkaTestSettings.unique("prompts")
        let missing = KafkaTestSettings.unique("missing")
        let kafka = try await EmbeddedKafka(brokers: 3, topics: [updates: 1, prompts: 6])
        let producer = try kafka.producer()
        #expect(try await producer.partitionCount(topic: updates) == 1)
        #expect(try await producer.partitionCount(topic: prompts) == 6)
        // The mock creates a topic named in a metadata request (with 4 partitions): asking twice shows it did not.
        #expect(try await producer.partitionCount(topic: missing) == nil)
        #expect(try await producer.partitionCount(topic: missing) == nil)
        try await producer.close()
        await kafka.shutdown()
    }

    @Test("partitionCount in memory: the topic's partitions, nil for a missing topic")
    func partitionCountInMemory() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("updates", partitions: 1)
        cluster.createTopic("prompts", partitions: 6)
        let producer: any KafkaMessageSending = cluster.makeProducer()
        #expect(try await producer.partitionCount(topic: "updates", timeout: .seconds(1)) == 1)
        #expect(try await producer.partitionCount(topic: "prompts", timeout: .seconds(1)) == 6)
        #expect(try await producer.partitionCount(topic: "missing", timeout: .seconds(1)) == nil)
    }

    @Test("a record over message.max.bytes is refused as .messageTooLarge before it is sent; smaller ones go through")
    func tooLargeLocally() async throws {
        let topic = KafkaTestSettings.unique("large")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        // librdkafka's default message.max.bytes (1 000 000), the same as the in-memory cluster's default.
        let producer = try kafka.producer()
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(
                KafkaProducerMessage(topic: topic, key: [1, 2, 3], value: [UInt8](repeating: 7, count: 1_000_001)))
        }
        #expect(error?.code == .messageTooLarge)
        #expect(error?.description.contains(topic) == true)
        let report = try await producer.send(
            KafkaProducerMessage(topic: topic, key: nil, value: [UInt8](repeating: 7, count: 100_000)))
        #expect(report.offset == 0)
        try await producer.close()
        await kafka.shutdown()
    }

    @Test("a broker's MSG_SIZE_TOO_LARGE in the delivery report is .messageTooLarge, and the producer goes on")
    func tooLargeAtTheBroker() async throws {
        let topic = KafkaTestSettings.unique("refused")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        let producer = try kafka.producer()
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "first"))

        try await kafka.broker.failNextProduceRequests(1, with: .messageTooLarge)
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "refused"))
        }
        #expect(error?.code == .messageTooLarge)
        #expect(error?.rdkafkaName == "MSG_SIZE_TOO_LARGE")

        let after = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "after"))
        #expect(after.partition == 0)
        try await producer.close()
        let reader = try kafka.reader(topics: [topic])
        #expect(try await KafkaTestSupport.consume(2, from: reader).map(\.valueString) == ["first", "after"])
        try await reader.close()
        await kafka.shutdown()
    }

    @Test("the in-memory cluster refuses a record whose key and value exceed maxMessageBytes")
    func tooLargeInMemory() async throws {
        #expect(InMemoryKafkaCluster().maxMessageBytes == 1_000_000)
        let cluster = InMemoryKafkaCluster(maxMessageBytes: 100)
        cluster.createTopic("t", partitions: 1)
        let producer = cluster.makeProducer()
        let fits = KafkaProducerMessage(topic: "t", key: [UInt8](repeating: 1, count: 10), value: [UInt8](repeating: 2, count: 90))
        #expect(try await producer.send(fits).offset == 0)
        var tooLarge = fits
        tooLarge.value.append(3)
        let error = await #expect(throws: KafkaError.self) { _ = try await producer.send(tooLarge) }
        #expect(error?.code == .messageTooLarge)
        #expect(error?.description.contains("101 bytes") == true)
        #expect(cluster.messages(in: "t").count == 1)
    }
}
