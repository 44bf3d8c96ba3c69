import Kafka
import Testing

@Suite("Partition counts")
struct ProducerLimitsTests {
    @Test("partitionCount reads metadata on the embedded broker, and asking about a missing topic does not create it")
    func partitionCountOnBroker() async throws {
        let broker = try EmbeddedBroker(brokers: 3, logger: KafkaTestSupport.logger)
        let updates = KafkaTestSupport.unique("updates")
        let prompts = KafkaTestSupport.unique("prompts")
        let missing = KafkaTestSupport.unique("missing")
        try await broker.createTopics([
            KafkaTopicSpec(name: updates, partitions: 1), KafkaTopicSpec(name: prompts, partitions: 6),
        ])
        let producer = try KafkaProducer(configuration: KafkaTestSupport.cluster(broker), logger: KafkaTestSupport.logger)
        #expect(try await producer.partitionCount(topic: updates) == 1)
        #expect(try await producer.partitionCount(topic: prompts) == 6)
        // The mock creates a topic named in a metadata request (with 4 partitions): asking twice shows it did not.
        #expect(try await producer.partitionCount(topic: missing) == nil)
        #expect(try await producer.partitionCount(topic: missing) == nil)
        try await producer.close()
        await broker.shutdown()
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
}
