import Kafka
import TestSupport
import Testing

@Suite("Consumer groups on the embedded broker")
struct ConsumerGroupTests {
    static func produce(_ ids: Range<Int>, to topic: String, on kafka: EmbeddedKafka) async throws {
        let producer = try kafka.producer()
        for id in ids {
            _ = try await producer.send(KafkaProducerMessage(topic: topic, key: "k\(id)", value: "\(id)"))
        }
        try await producer.close()
    }

    @Test("two members split the partitions; when one leaves the other takes over and nothing is lost")
    func splitAndTakeOver() async throws {
        let topic = KafkaTestSettings.unique("split")
        let kafka = try await EmbeddedKafka(topics: [topic: 6])
        try await Self.produce(0..<60, to: topic, on: kafka)

        let a = try kafka.consumer(group: "split", topics: [topic])
        let b = try kafka.consumer(group: "split", topics: [topic])
        let received = Received()
        let drainA = received.drain(a, as: "a")
        let drainB = received.drain(b, as: "b")

        let split = await KafkaTestSupport.eventually {
            let (ofA, ofB) = ((try? a.assignment()) ?? [], (try? b.assignment()) ?? [])
            return ofA.count == 3 && ofB.count == 3 && Set(ofA + ofB).count == 6
        }
        #expect(split, "each member should own 3 of the 6 partitions")
        #expect(await KafkaTestSupport.eventually { received.values().count == 60 })

        try await Self.produce(60..<120, to: topic, on: kafka)
        try await b.close()
        _ = try await drainB.value
        #expect(await KafkaTestSupport.eventually { ((try? a.assignment()) ?? []).count == 6 })
        #expect(await KafkaTestSupport.eventually { received.values().count == 120 })
        #expect(received.values() == Set((0..<120).map(String.init)))
        #expect(!received.values(by: "b").isEmpty && !received.values(by: "a").isEmpty)

        try await a.close()
        _ = try await drainA.value
        await kafka.shutdown()
    }

    /// A stage handles one record at a time between polls, so a generation longer than `max.poll.interval.ms`
    /// makes librdkafka leave the group for it. The record it was working on must then go to the new owner (not
    /// be lost), and the late member storing its offset must neither fail nor commit over the new owner.
    @Test("work that outlasts max.poll.interval.ms is redelivered to the member that takes over, not lost")
    func workLongerThanThePollInterval() async throws {
        let topic = KafkaTestSettings.unique("long-work")
        var kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        try await Self.produce(0..<3, to: topic, on: kafka)
        let cluster = kafka.configuration
        kafka.configuration.properties["max.poll.interval.ms"] = "7000"
        let slow = try kafka.consumer(group: "long-work", topics: [topic])
        kafka.configuration = cluster
        var iterator = slow.messages.makeAsyncIterator()
        let inFlight = try #require(try await iterator.next())
        #expect(inFlight.offset == 0)
        // The slow member now "generates" and does not poll; a second member joins and, once the slow one is
        // past its poll interval, gets the partition and the in-flight record again.
        let other = try kafka.consumer(group: "long-work", topics: [topic])
        let taken = try await KafkaTestSupport.consume(3, from: other, timeout: .seconds(60))
        #expect(taken.map(\.valueString) == ["0", "1", "2"], "the in-flight record was redelivered")
        try await other.commit()
        // The slow member finishes: storing its offset for a partition it no longer owns is ignored.
        try slow.storeOffset(for: inFlight)
        try? await slow.close()
        let lag = try await other.lag()
        #expect(lag.first?.committed == 3, "the late member's store did not move the new owner's offset")
        try await other.close()
        await kafka.shutdown()
    }

    @Test("a member that closes before storing offsets has its messages redelivered, from the last stored one")
    func redeliveryAfterDeath() async throws {
        let topic = KafkaTestSettings.unique("redeliver")
        let kafka = try await EmbeddedKafka(brokers: 1, topics: [topic: 1])
        try await Self.produce(0..<30, to: topic, on: kafka)

        // The first member reads everything but only finishes (stores) the first 10, then goes away.
        let first = try kafka.consumer(group: "redeliver", topics: [topic])
        let seen = try await KafkaTestSupport.withDeadline(.seconds(30), "first member's 30 messages") {
            var seen: [KafkaConsumerMessage] = []
            for try await message in first.messages {
                seen.append(message)
                if message.offset < 10 { try first.storeOffset(for: message) }
                if seen.count == 30 { break }
            }
            return seen
        }
        #expect(seen.map(\.valueString) == (0..<30).map(String.init))
        try await first.close()

        let second = try kafka.consumer(group: "redeliver", topics: [topic])
        let redelivered = try await KafkaTestSupport.consume(20, from: second)
        #expect(redelivered.map(\.valueString) == (10..<30).map(String.init))

        try await second.commit()
        let lag = try await second.lag()
        #expect(lag.map(\.lag) == [0])
        #expect(lag.first?.committed == 30 && lag.first?.highWatermark == 30)
        try await second.close()
        await kafka.shutdown()
    }
}
