import Foundation
import Logging

/// An end-to-end check of a cluster: produce `messageCount` keyed messages with headers to a fresh topic,
/// read them back in a fresh consumer group, and compare every byte. Behind `tao kafka-smoke`.
public struct KafkaSmokeCheck: Sendable {
    /// What happened, for one human line and one JSON line.
    public struct Report: Sendable, Codable, Hashable {
        public var bootstrapServers: String
        public var topic: String
        public var sent: Int
        /// Distinct messages read back that matched what was sent (key, value and headers).
        public var intact: Int
        /// Sent but never read back before the deadline.
        public var missing: Int
        /// Read back with a different key, value or headers than sent, or not sent at all.
        public var corrupted: Int
        /// Extra copies (at-least-once delivery allows them; a fresh group should see none).
        public var duplicates: Int
        public var produceSeconds: Double
        public var consumeSeconds: Double
        /// Every message came back intact and nothing unexpected arrived.
        public var ok: Bool
    }

    public var configuration: KafkaConfiguration
    public var topic: String
    public var messageCount: Int
    public var partitions: Int
    /// How long to wait for every message to come back before reporting the rest missing.
    public var consumeTimeout: Duration

    public init(
        configuration: KafkaConfiguration, topic: String = "tao-smoke-\(UUID().uuidString.prefix(8).lowercased())",
        messageCount: Int = 100, partitions: Int = 3, consumeTimeout: Duration = .seconds(60)
    ) {
        self.configuration = configuration
        self.topic = topic
        self.messageCount = messageCount
        self.partitions = partitions
        self.consumeTimeout = consumeTimeout
    }

    static func message(_ index: Int, topic: String) -> KafkaProducerMessage {
        KafkaProducerMessage(
            topic: topic, key: "smoke-\(index)", value: "tao smoke message \(index) " + String(repeating: "·", count: index % 17),
            headers: [KafkaHeader(key: "index", value: "\(index)"), KafkaHeader(key: "origin", value: "tao kafka-smoke")])
    }

    /// Creates the topic with `topics`, produces, consumes and compares. Throws only when the cluster
    /// cannot be used at all (unreachable); a mismatch is a report with `ok == false`.
    ///
    /// If topic creation fails (e.g. `tao broker`, whose mock cluster has no admin API), the check goes on and
    /// relies on the broker auto-creating the topic on first use, with the broker's default partition count.
    public func run(topics: any KafkaTopicCreating, logger: Logger) async throws -> Report {
        do {
            try await topics.createTopics([KafkaTopicSpec(name: topic, partitions: partitions)])
        } catch let error as KafkaError {
            logger.warning("could not create \(topic) (\(error)); relying on the broker to auto-create it")
        }
        let sent = (0..<messageCount).map { Self.message($0, topic: topic) }

        let produceStart = ContinuousClock.now
        let producer = try KafkaProducer(configuration: configuration, logger: logger)
        for message in sent { _ = try await producer.send(message) }
        try await producer.close()
        let produceTime = ContinuousClock.now - produceStart

        let consumeStart = ContinuousClock.now
        let consumer = try KafkaConsumer(
            configuration: configuration,
            consumer: KafkaConsumerConfiguration(
                groupId: "\(topic)-group", topics: [topic], fetchWaitMax: .milliseconds(100)),
            logger: logger)
        let expected = Dictionary(uniqueKeysWithValues: sent.map { ($0.key!, $0) })
        let deadline = ContinuousClock.now + consumeTimeout
        // Reads until everything came back; the watchdog closes the consumer at the deadline, ending the loop.
        let reader = Task {
            var intact = Set<[UInt8]>()
            var corrupted = 0
            var duplicates = 0
            for try await message in consumer.messages {
                guard let key = message.key, let original = expected[key], original.value == message.value,
                    original.headers == message.headers
                else {
                    corrupted += 1
                    continue
                }
                if !intact.insert(key).inserted { duplicates += 1 }
                try consumer.storeOffset(for: message)
                if intact.count == expected.count { break }
            }
            return (intact.count, corrupted, duplicates)
        }
        let watchdog = Task {
            try await Task.sleep(until: deadline)
            try await consumer.close()
        }
        let (intactCount, corruptedCount, duplicateCount) = try await reader.value
        watchdog.cancel()
        try? await consumer.commit()
        try await consumer.close()
        return Report(
            bootstrapServers: configuration.bootstrapServers, topic: topic, sent: sent.count, intact: intactCount,
            missing: sent.count - intactCount, corrupted: corruptedCount, duplicates: duplicateCount,
            produceSeconds: Self.seconds(produceTime), consumeSeconds: Self.seconds(ContinuousClock.now - consumeStart),
            ok: intactCount == sent.count && corruptedCount == 0)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
