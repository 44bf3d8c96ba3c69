import Kafka
import TestSupport
import Testing

@Suite("Group-less readers in memory")
struct InMemoryReaderTests {
    static func send(_ ids: Range<Int>, to topic: String, in cluster: InMemoryKafkaCluster) async throws {
        let producer = cluster.makeProducer()
        for id in ids { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(id)")) }
    }

    @Test("two readers each read every message from offset 0 and commit nothing, whatever a group does")
    func twoReaders() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("policy", partitions: 1)
        try await Self.send(0..<20, to: "policy", in: cluster)

        let readers = (0..<2).map { _ in cluster.makeConsumer(KafkaTestSettings.reader(topics: ["policy"])) }
        // A group on the same topic commits and rebalances (a member joins, both leave) around the readers.
        let member = cluster.makeConsumer(KafkaConsumerConfiguration(groupId: "g", topics: ["policy"]))
        for reader in readers {
            let received = try await KafkaTestSupport.consume(20, from: reader)  // stores every offset: no-ops
            #expect(received.map(\.offset) == Array(0..<20))
            try await reader.commit()
            #expect(try reader.assignment() == [KafkaTopicPartition(topic: "policy", partition: 0)])
        }
        let other = cluster.makeConsumer(KafkaConsumerConfiguration(groupId: "g", topics: ["policy"]))
        _ = try await KafkaTestSupport.consume(20, from: member)
        try await member.close()
        try await other.close()
        #expect(try readers.allSatisfy { try $0.assignment() == [KafkaTopicPartition(topic: "policy", partition: 0)] })

        try await Self.send(20..<25, to: "policy", in: cluster)
        for reader in readers {
            let more = try await KafkaTestSupport.consume(5, from: reader)
            #expect(more.map(\.offset) == Array(20..<25), "a group's rebalance moved a reader")
            try await reader.close()
        }
        #expect(cluster.committedGroups() == ["g"])
        #expect(cluster.committedOffsets(group: "g") == [KafkaTopicPartition(topic: "policy", partition: 0): 20])
    }

    @Test("a reader created before its topic exists reads it once it is created")
    func topicCreatedLater() async throws {
        let cluster = InMemoryKafkaCluster()
        let reader = cluster.makeConsumer(KafkaTestSettings.reader(topics: ["later"]))
        #expect(try reader.assignment().isEmpty)
        let received = Received()
        let drain = received.drain(reader, as: "reader")

        cluster.createTopic("later", partitions: 2)
        try await Self.send(0..<10, to: "later", in: cluster)
        #expect(await KafkaTestSupport.eventually { received.values() == Set((0..<10).map(String.init)) })
        #expect(try reader.assignment().count == 2)
        try await reader.close()
        _ = try await drain.value
        var events: [KafkaConsumerEvent] = []
        for await event in reader.events { events.append(event) }
        #expect(
            events == [
                .assigned([KafkaTopicPartition(topic: "later", partition: 0), KafkaTopicPartition(topic: "later", partition: 1)])
            ])
    }

    @Test("a reader from the end sees only what is sent after it started")
    func fromTheEnd() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("policy", partitions: 1)
        try await Self.send(0..<5, to: "policy", in: cluster)
        let reader = cluster.makeConsumer(KafkaTestSettings.reader(topics: ["policy"], from: .latest))
        try await Self.send(5..<8, to: "policy", in: cluster)
        let received = try await KafkaTestSupport.consume(3, from: reader)
        #expect(received.map(\.valueString) == ["5", "6", "7"])
        try await reader.close()
    }
}
