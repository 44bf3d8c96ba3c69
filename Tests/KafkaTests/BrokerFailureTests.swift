import Kafka
import Synchronization
import TestSupport
import Testing

@Suite("Broker failures on the embedded broker")
struct BrokerFailureTests {
    @Test("messages sent while a broker is down are delivered once it is back, none lost")
    func brokerDownAndUp() async throws {
        let topic = KafkaTestSettings.unique("outage")
        let kafka = try await EmbeddedKafka(brokers: 3, topics: [topic: 6])
        let producer = try kafka.producer()
        func message(_ id: Int) -> KafkaProducerMessage {
            KafkaProducerMessage(topic: topic, partition: Int32(id % 6), key: nil, value: "\(id)")
        }
        for id in 0..<12 { _ = try await producer.send(message(id)) }

        try await kafka.broker.setBrokerDown(1)
        let delivered = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for id in 12..<60 {
                group.addTask {
                    _ = try await producer.send(message(id))
                    delivered.increment()
                }
            }
            // Partitions led by brokers 2 and 3 keep going; broker 1's two partitions cannot.
            #expect(await KafkaTestSupport.eventually { delivered.value >= 24 })
            #expect(delivered.value < 48, "a partition on the downed broker took writes")
            try await kafka.broker.setBrokerUp(1)
            try await group.waitForAll()
        }
        #expect(delivered.value == 48)
        try await producer.close()

        let consumer = try kafka.consumer(group: "outage", topics: [topic])
        let received = try await KafkaTestSupport.consume(60, from: consumer)
        #expect(Set(received.map(\.valueString)) == Set((0..<60).map(String.init)))
        try await consumer.close()
        await kafka.shutdown()
    }

    @Test("a partition's leader moving mid-stream loses nothing: clients follow it to the new broker")
    func leaderMoves() async throws {
        let topic = KafkaTestSettings.unique("leader")
        let kafka = try await EmbeddedKafka(brokers: 3, topics: [topic: 2])
        let producer = try kafka.producer()
        func send(_ ids: Range<Int>) async throws {
            for id in ids { _ = try await producer.send(KafkaProducerMessage(topic: topic, partition: Int32(id % 2), key: nil, value: "\(id)")) }
        }
        try await send(0..<20)
        for broker in Int32(1)...3 {
            try await kafka.broker.moveLeader(topic: topic, partition: 0, to: broker)
            try await kafka.broker.moveLeader(topic: topic, partition: 1, to: broker % 3 + 1)
            try await send(20 * Int(broker)..<20 * Int(broker) + 20)
        }
        try await producer.close()
        let consumer = try kafka.consumer(group: "leader", topics: [topic])
        let received = try await KafkaTestSupport.consume(80, from: consumer)
        #expect(received.map(\.valueString).sorted() == (0..<80).map(String.init).sorted())
        try await consumer.close()
        await #expect(throws: KafkaError.self) { try await kafka.broker.moveLeader(topic: topic, partition: 0, to: 4) }
        await kafka.shutdown()
    }

    @Test("a slow broker delays its answers by at least the latency it was given")
    func latency() async throws {
        let topic = KafkaTestSettings.unique("latency")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        let producer = try kafka.producer()
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "warm"))
        try await kafka.broker.setLatency(.milliseconds(400), broker: 1)
        let clock = ContinuousClock()
        let slow = try await clock.measure { _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "slow")) }
        #expect(slow >= .milliseconds(400), "the answer came after \(slow)")
        try await kafka.broker.setLatency(.zero, broker: 1)
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: nil, value: "fast"))
        try await producer.close()
        await kafka.shutdown()
    }

    @Test("a send to an unreachable cluster fails after message.timeout.ms with a helpful error")
    func unreachable() async throws {
        let cluster = KafkaConfiguration(bootstrapServers: "127.0.0.1:1", messageTimeout: .milliseconds(1500))
        let producer = try KafkaProducer(configuration: cluster, logger: KafkaTestSettings.logger)
        let error = await #expect(throws: KafkaError.self) {
            _ = try await producer.send(KafkaProducerMessage(topic: "nowhere", key: nil, value: "x"))
        }
        #expect(error?.code == .brokerUnreachable)
        #expect(error?.description.contains("127.0.0.1:1") == true)
        #expect(error?.description.contains("TAO_KAFKA_BOOTSTRAP") == true)
    }
}

/// A thread-safe count shared with child tasks.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
