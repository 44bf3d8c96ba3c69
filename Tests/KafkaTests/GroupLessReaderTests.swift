import Kafka
import TestSupport
import Testing

@Suite("Group-less readers on the embedded broker")
struct GroupLessReaderTests {
    @Test("two group-less readers each read every message from offset 0, and no group request reaches the broker")
    func twoReaders() async throws {
        let topic = KafkaTestSettings.unique("policy")
        let kafka = try await EmbeddedKafka(brokers: 1, recordingRequests: true, topics: [topic: 1])
        try await ConsumerGroupTests.produce(0..<20, to: topic, on: kafka)

        let readers = try (0..<2).map { _ in try kafka.reader(topics: [topic]) }
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

        let requests = kafka.broker.receivedRequests()
        #expect(requests["Fetch", default: 0] > 0, "the broker recorded no fetches, so nothing can be concluded: \(requests)")
        for api in ["FindCoordinator", "JoinGroup", "SyncGroup", "Heartbeat", "OffsetCommit", "OffsetFetch"] {
            #expect(requests[api] == nil, "a group-less reader sent \(api): \(requests)")
        }
        await kafka.shutdown()
    }

    @Test("a reader created before its topic exists reads it once it is created")
    func topicCreatedLater() async throws {
        let present = KafkaTestSettings.unique("present")
        let later = KafkaTestSettings.unique("later")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [present: 1])

        let reader = try kafka.reader(topics: [present, later])
        let received = Received()
        let drain = received.drain(reader, as: "reader")
        // The reader has looked at the metadata while `later` did not exist: it reads `present` and nothing else.
        let presentOnly = [KafkaTopicPartition(topic: present, partition: 0)]
        #expect(await KafkaTestSupport.eventually { (try? reader.assignment()) == presentOnly })

        let producer = try kafka.producer()
        #expect(try await producer.partitionCount(topic: later) == nil)
        try await kafka.broker.createTopic(later, partitions: 2)
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
        await kafka.shutdown()
    }
}
