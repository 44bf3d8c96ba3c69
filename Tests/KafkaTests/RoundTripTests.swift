import Kafka
import TestSupport
import Testing

@Suite("Produce and consume on the embedded broker")
struct RoundTripTests {
    @Test("keys, values and headers arrive intact, each key on one partition in order")
    func roundTrip() async throws {
        let topic = KafkaTestSettings.unique("round-trip")
        let kafka = try await EmbeddedKafka(brokers: 3, topics: [topic: 4])

        let producer = try kafka.producer()
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

        let consumer = try kafka.consumer(group: "g", topics: [topic])
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
        await kafka.shutdown()
    }

    @Test("a full local queue is backpressure: 300 concurrent sends through a 10-message queue all succeed")
    func queueFullIsBackpressure() async throws {
        let topic = KafkaTestSettings.unique("backpressure")
        var kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 2])
        kafka.configuration.properties["queue.buffering.max.messages"] = "10"
        let producer = try kafka.producer()
        let reports = try await withThrowingTaskGroup(of: KafkaDeliveryReport.self) { group in
            for id in 0..<300 {
                group.addTask { try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(id)")) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(reports.map { "\($0.partition)@\($0.offset)" }).count == 300)
        try await producer.close()
        await kafka.shutdown()
    }
}
