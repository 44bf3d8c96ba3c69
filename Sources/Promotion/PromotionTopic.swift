import Foundation
import Kafka
import Messages

/// Reading and writing the `promotions` topic from a command: the ledger as it stands, and one new decision.
public enum PromotionTopic {
    /// The ledger from every record on `topics.promotions` now (records that do not decode are skipped and named).
    public static func ledger(
        topics: FleetTopics, kafka: KafkaConfiguration, onError: (String) -> Void = { _ in }
    ) async throws -> PromotionLedger {
        var ledger = PromotionLedger()
        for message in try await KafkaTopicSnapshot.read(topics.promotions.name, configuration: kafka) {
            do {
                ledger.apply(try WireCodec.decode(PromotionRecord.self, from: message.value))
            } catch {
                onError("skipping unreadable promotion record at offset \(message.offset): \(error)")
            }
        }
        return ledger
    }

    /// Appends `record`; returns once the broker has it.
    public static func publish(_ record: PromotionRecord, topics: FleetTopics, kafka: KafkaConfiguration) async throws {
        try await KafkaProducer.sendOnce(
            KafkaProducerMessage(
                topic: topics.promotions.name, key: Array(String(record.version).utf8), value: try WireCodec.encode(record)),
            configuration: kafka)
    }

    static var now: Int { Int(Date().timeIntervalSince1970) }
}
