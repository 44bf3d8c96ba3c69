import Kafka
import Testing

@Suite("In-memory Kafka stand-in")
struct InMemoryKafkaTests {
    static func group(_ name: String, _ topic: String) -> KafkaConsumerConfiguration {
        KafkaConsumerConfiguration(groupId: name, topics: [topic])
    }

    @Test("keyed messages keep their partition and order, and come back intact")
    func roundTrip() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("t", partitions: 3)
        let producer = cluster.makeProducer()
        var reports: [KafkaDeliveryReport] = []
        for id in 0..<30 {
            reports.append(
                try await producer.send(
                    KafkaProducerMessage(
                        topic: "t", key: "k\(id % 4)", value: "\(id)", headers: [KafkaHeader(key: "h", value: "\(id)")])))
        }
        for key in 0..<4 {
            #expect(Set(reports.enumerated().filter { $0.offset % 4 == key }.map(\.element.partition)).count == 1)
        }
        let consumer = cluster.makeConsumer(Self.group("g", "t"))
        let received = try await KafkaTestSupport.consume(30, from: consumer)
        #expect(Set(received.map(\.valueString)) == Set((0..<30).map(String.init)))
        #expect(received.allSatisfy { $0.headers == [KafkaHeader(key: "h", value: $0.valueString)] })
        try await consumer.close()
        #expect(cluster.committedOffsets(group: "g").values.reduce(0, +) == 30)
    }

    @Test("members split partitions; unstored messages of a member that leaves go to the other")
    func groupTakeOver() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("t", partitions: 4)
        let producer = cluster.makeProducer()
        for id in 0..<40 { _ = try await producer.send(KafkaProducerMessage(topic: "t", key: "\(id)", value: "\(id)")) }

        let a = cluster.makeConsumer(Self.group("g", "t"))
        let b = cluster.makeConsumer(Self.group("g", "t"))
        #expect(try a.assignment().count == 2 && b.assignment().count == 2)
        #expect(Set(try a.assignment() + b.assignment()).count == 4)

        // b reads its share without storing anything, then leaves: a must get all 40.
        var iterator = b.messages.makeAsyncIterator()
        _ = try await iterator.next()
        try await b.close()
        #expect(try a.assignment().count == 4)
        let all = try await KafkaTestSupport.consume(40, from: a)
        #expect(Set(all.map(\.valueString)) == Set((0..<40).map(String.init)))
        try await a.close()
    }

    @Test("a waiting iterator wakes for a new message and ends when the consumer closes")
    func wakeAndClose() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("t", partitions: 1)
        let consumer = cluster.makeConsumer(Self.group("g", "t"))
        let received = Received()
        let reader = received.drain(consumer, as: "c")
        _ = try await cluster.makeProducer().send(KafkaProducerMessage(topic: "t", key: nil, value: "late"))
        #expect(await KafkaTestSupport.eventually { received.values() == ["late"] })
        try await consumer.close()
        try await KafkaTestSupport.withDeadline(.seconds(5), "the reader to end") { try await reader.value }
    }
}
