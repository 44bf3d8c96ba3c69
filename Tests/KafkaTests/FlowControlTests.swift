import Kafka
import TestSupport
import Testing

@Suite("Pause, resume and seek on the embedded broker")
struct FlowControlTests {
    @Test("a paused partition yields nothing until resumed, while the others keep flowing")
    func pauseAndResume() async throws {
        let topic = KafkaTestSettings.unique("pause")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 2])
        let producer = try kafka.producer()
        func send(_ id: Int, to partition: Int32) async throws {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: partition, key: nil, value: "\(id)"))
        }
        for id in 0..<10 { try await send(id, to: Int32(id % 2)) }

        let consumer = try kafka.consumer(group: "pause", topics: [topic])
        let received = Received()
        let drain = received.drain(consumer, as: "c")
        #expect(await KafkaTestSupport.eventually { received.values().count == 10 })

        let paused = KafkaTopicPartition(topic: topic, partition: 0)
        try consumer.pause([paused])
        for id in 10..<15 { try await send(id, to: 0) }  // acknowledged before the partition-1 messages are sent
        for id in 15..<20 { try await send(id, to: 1) }
        #expect(await KafkaTestSupport.eventually { received.values().isSuperset(of: (15..<20).map(String.init)) })
        #expect(received.values().isDisjoint(with: (10..<15).map(String.init)), "paused partition 0 yielded")

        try consumer.resume([paused])
        #expect(await KafkaTestSupport.eventually { received.values() == Set((0..<20).map(String.init)) })

        try await consumer.close()
        _ = try await drain.value
        try await producer.close()
        await kafka.shutdown()
    }

    @Test("seek moves the position back; the next message is the one at the sought offset")
    func seekBack() async throws {
        let topic = KafkaTestSettings.unique("seek")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        let producer = try kafka.producer()
        for id in 0..<10 { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "\(id)")) }
        try await producer.close()

        let consumer = try kafka.consumer(group: "seek", topics: [topic])
        let first = try await KafkaTestSupport.consume(10, from: consumer)
        #expect(first.map(\.offset) == Array(0..<10))

        try await consumer.seek(topic: topic, partition: 0, offset: 3)
        let again = try await KafkaTestSupport.consume(7, from: consumer)
        #expect(again.map(\.offset) == Array(3..<10))
        try await consumer.close()
        await kafka.shutdown()
    }
}
