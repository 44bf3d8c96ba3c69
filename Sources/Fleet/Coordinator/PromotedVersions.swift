import Kafka
import Messages

/// Every version the promotion record ever made the serving one (promoted, or rolled back to): what blob pruning
/// must keep, since `tao rollback` may return to any of them. Read whole from `<run>.promotions`, as no group's
/// member.
public enum PromotedVersions {
    public static func read(topics: FleetTopics, kafka: KafkaConfiguration) async throws -> Set<Int> {
        var versions = Set<Int>()
        for message in try await KafkaTopicSnapshot.read(topics.promotions.name, configuration: kafka) {
            // A record that does not decode could name any version: prune nothing rather than guess.
            let record = try WireCodec.decode(PromotionRecord.self, from: message.value)
            if record.promotes { versions.insert(record.version) }
        }
        return versions
    }
}
