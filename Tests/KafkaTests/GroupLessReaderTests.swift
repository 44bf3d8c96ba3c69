import Kafka
import Testing

@Suite("Group-less readers on the embedded broker")
struct GroupLessReaderTests {
    @Test("two group-less readers each read every message from offset 0, and no group request reaches the broker")
    func twoReaders() async throws {
        let broker = try EmbeddedBroker(brokers: 1, recordingRequests: true, logger: KafkaTestSupport.logger)
        let topic = KafkaTestSupport.unique("policy")
        try await broker.createTopic(topic, partitions: 1)
        let cluster = KafkaTestSupport.cluster(broker)
        try await ConsumerGroupTests.produce(0..<20, to: topic, on: cluster)

        let readers = try (0..<2).map { _ in
            try KafkaConsumer(
                configuration: cluster, consumer: KafkaTestSupport.reader(topics: [topic]),
                logger: KafkaTestSupport.logger)
        }
        for reader in readers {
            // consume(_:from:) stores every offset: a no-op here, as is commit().
            let received = try await KafkaTestSupport.consume(20, from: reader)
            #expect(received.map(\.offset) == Array(0..<20))
            #expect(received.map(\.valueString) == (0..<20).map(String.init))
            try await reader.commit()
            #expect(try reader.assignment() == [KafkaTopicPartition(topic: topic, partition: 0)])
            let lag = try await reader.lag()
            #expect(lag.map(\.committed) == [nil] && lag.map(\.position) == [20] && lag.map(\.lag) == [0])
        }
        for reader in readers { try await reader.close() }

        let requests = broker.receivedRequests()
        #expect(requests["Fetch", default: 0] > 0, "the broker recorded no fetches, so nothing can be concluded: \(requests)")
        for api in ["FindCoordinator", "JoinGroup", "SyncGroup", "Heartbeat", "OffsetCommit", "OffsetFetch"] {
            #expect(requests[api] == nil, "a group-less reader sent \(api): \(requests)")
        }
        await broker.shutdown()
    }

    @Test("a reader created before its topic exists reads it once it is created")
    func topicCreatedLater() async throws {
        let broker = try EmbeddedBroker(brokers: 1, logger: KafkaTestSupport.logger)
        let present = KafkaTestSupport.unique("present")
        let later = KafkaTestSupport.unique("later")
        try await broker.createTopic(present, partitions: 1)
        let cluster = KafkaTestSupport.cluster(broker)

        let reader = try KafkaConsumer(
            configuration: cluster, consumer: KafkaTestSupport.reader(topics: [present, later]),
            logger: KafkaTestSupport.logger)
        let received = Received()
        let drain = received.drain(reader, as: "reader")
        // The reader has looked at the metadata while `later` did not exist: it reads `present` and nothing else.
        let presentOnly = [KafkaTopicPartition(topic: present, partition: 0)]
        #expect(await KafkaTestSupport.eventually { (try? reader.assignment()) == presentOnly })

        let producer = try KafkaProducer(configuration: cluster, logger: KafkaTestSupport.logger)
        #expect(try await producer.partitionCount(topic: later) == nil)
        try await broker.createTopic(later, partitions: 2)
        for id in 0..<10 {
            _ = try await producer.send(KafkaProducerMessage(topic: later, partition: Int32(id % 2), key: nil, value: "\(id)"))
        }
        try await producer.close()
        #expect(await KafkaTestSupport.eventually { received.values() == Set((0..<10).map(String.init)) })
        #expect(received.messages().allSatisfy { $0.topic == later })
        let all = presentOnly + [KafkaTopicPartition(topic: later, partition: 0), KafkaTopicPartition(topic: later, partition: 1)]
        #expect(try reader.assignment() == all.sorted())

        try await reader.close()
        _ = try await drain.value
        var events: [KafkaConsumerEvent] = []
        for await event in reader.events { events.append(event) }
        #expect(events == [.assigned(presentOnly), .assigned(Array(all.dropFirst()))])
        await broker.shutdown()
    }
}
