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
}
