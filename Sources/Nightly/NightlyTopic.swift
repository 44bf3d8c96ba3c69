import Kafka
import Messages

/// Reading and writing the `nightly` topic: the loop's durable memory.
public enum NightlyTopic {
    /// Every record on `topics.nightly`, oldest first (records that do not decode are skipped and named).
    public static func records(
        topics: FleetTopics, kafka: KafkaConfiguration, onError: (String) -> Void = { _ in }
    ) async throws -> [NightRecord] {
        try await KafkaTopicSnapshot.read(topics.nightly.name, configuration: kafka).compactMap { message in
            do {
                return try WireCodec.decode(NightRecord.self, from: message.value)
            } catch {
                onError("skipping an unreadable nightly record at offset \(message.offset): \(error)")
                return nil
            }
        }
    }

    /// Appends `record`; returns once the broker has it.
    public static func publish(_ record: NightRecord, topics: FleetTopics, kafka: KafkaConfiguration) async throws {
        try await KafkaProducer.sendOnce(
            KafkaProducerMessage(
                topic: topics.nightly.name, key: Array(String(record.night).utf8), value: try WireCodec.encode(record)),
            configuration: kafka)
    }
}
