import Kafka
import Messages

/// What a target run already holds from earlier rescores: the ids of its rollouts, and the source records it
/// dead-lettered. Read whole before a rescore writes anything, so running it twice over a range writes nothing
/// twice: rollout ids are the candidates' ids (`<prompt>@v<version>`), dead-letter ids `<topic>/<partition>/<offset>`.
public struct RescoreExisting: Sendable, Equatable {
    public var rolloutIDs: Set<String> = []
    public var deadLetterIDs: Set<String> = []

    public init(rolloutIDs: Set<String> = [], deadLetterIDs: Set<String> = []) {
        self.rolloutIDs = rolloutIDs
        self.deadLetterIDs = deadLetterIDs
    }

    /// Reads `target`'s rollouts and dead-letter topics (those that exist: `partitions` says how many partitions a
    /// topic has, nil for none). A record there that does not decode is not this tool's, and is passed over.
    public static func read(
        target: FleetTopics, sourceTopic: String, configuration: KafkaConfiguration,
        partitions: (String) async throws -> Int?
    ) async throws -> RescoreExisting {
        var existing = RescoreExisting()
        if let count = try await partitions(target.rollouts.name) {
            try await scanWhole(target.rollouts.name, partitions: count, configuration: configuration) { message in
                if let rollout = try? WireCodec.decode(RolloutMessage.self, from: message.value) {
                    existing.rolloutIDs.insert(rollout.id)
                }
            }
        }
        if let count = try await partitions(target.deadLetter.name) {
            try await scanWhole(target.deadLetter.name, partitions: count, configuration: configuration) { message in
                if let letter = try? WireCodec.decode(DeadLetterMessage.self, from: message.value),
                    letter.sourceTopic == sourceTopic
                {
                    existing.deadLetterIDs.insert(letter.id)
                }
            }
        }
        return existing
    }

    private static func scanWhole(
        _ topic: String, partitions: Int, configuration: KafkaConfiguration,
        body: (KafkaConsumerMessage) async throws -> Void
    ) async throws {
        let marks = try await KafkaTopicScan.watermarks(topic, partitions: partitions, configuration: configuration)
        try await KafkaTopicScan.read(
            topic, ranges: marks.mapValues { $0.low..<$0.high }, configuration: configuration, body: body)
    }
}
