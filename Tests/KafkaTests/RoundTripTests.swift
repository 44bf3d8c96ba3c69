import Kafka
import Testing

@Suite("Produce and consume on the embedded broker")
struct RoundTripTests {
    @Test("keys, values and headers arrive intact, each key on one partition in order")
    func roundTrip() async throws {
        let broker = try EmbeddedBroker(brokers: 3, logger: KafkaTestSupport.logger)
        let topic = KafkaTestSupport.unique("round-trip")
        try await broker.createTopic(topic, partitions: 4)
        let cluster = KafkaTestSupport.cluster(broker)

        let producer = try KafkaProducer(configuration: cluster, logger: KafkaTestSupport.logger)
        let sent = (0..<40).map { index in
            KafkaProducerMessage(
                topic: topic, key: "key-\(index % 5)", value: "value-\(index)",
                headers: [KafkaHeader(key: "index", value: "\(index)"), KafkaHeader(key: "empty", value: nil)])
        }
        var reports: [KafkaDeliveryReport] = []
        for message in sent { reports.append(try await producer.send(message)) }
        try await producer.close()
        #expect(Set(reports.map(\.partition)).isSubset(of: 0..<4))
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 40, "every message has its own slot")

        let consumer = try KafkaConsumer(
            configuration: cluster, consumer: KafkaTestSupport.consumer(group: "g", topics: [topic]),
            logger: KafkaTestSupport.logger)
        let received = try await KafkaTestSupport.consume(40, from: consumer)
        try await consumer.close()

        let byValue = Dictionary(uniqueKeysWithValues: received.map { ($0.valueString, $0) })
        for (index, message) in sent.enumerated() {
            let got = try #require(byValue["value-\(index)"])
            #expect(got.key == message.key)
            #expect(got.headers == message.headers)
            #expect(got.topic == topic)
            #expect(got.timestamp != nil)
            #expect(reports[index].partition == got.partition && reports[index].offset == got.offset)
        }
        // Same key → same partition, offsets increasing in send order.
        for key in 0..<5 {
            let forKey = received.filter { $0.keyString == "key-\(key)" }
            #expect(Set(forKey.map(\.partition)).count == 1)
            #expect(forKey.map(\.offset) == forKey.map(\.offset).sorted())
        }
        await broker.shutdown()
    }

    @Test("a full local queue is backpressure: 300 concurrent sends through a 10-message queue all succeed")
    func queueFullIsBackpressure() async throws {
        let broker = try EmbeddedBroker(brokers: 1, logger: KafkaTestSupport.logger)
        let topic = KafkaTestSupport.unique("backpressure")
        try await broker.createTopic(topic, partitions: 2)
        var cluster = KafkaTestSupport.cluster(broker)
        cluster.properties["queue.buffering.max.messages"] = "10"
        let producer = try KafkaProducer(configuration: cluster, logger: KafkaTestSupport.logger)
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for id in 0..<300 {
                group.addTask { try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(id)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 300)
        try await producer.close()
        await broker.shutdown()
    }
}
