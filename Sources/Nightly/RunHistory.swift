import Kafka
import Messages
import Promotion

/// A run's story as its topics tell it: the mean reward each policy version was sampled at, what the gate and the
/// operators decided, and what each night took. Read whole from the topics, as no group's member: what `tao report`
/// and each night's report draw.
public struct RunHistory: Sendable {
    public struct VersionReward: Sendable, Equatable {
        public var version: Int
        public var meanReward: Double
        /// Candidates the mean rests on.
        public var candidates: Int

        public init(version: Int, meanReward: Double, candidates: Int) {
            self.version = version
            self.meanReward = meanReward
            self.candidates = candidates
        }
    }

    public var runId: String
    /// By version, oldest first.
    public var rewards: [VersionReward]
    /// Every promotion record, oldest first.
    public var promotions: [PromotionRecord]
    /// Every nightly record, oldest first.
    public var nights: [NightRecord]
    /// Announced policy versions.
    public var versions: [Int]
    /// Prompts on the prompts topic (the high watermarks' sum: everything that ever arrived, served or sent).
    public var promptsArrived: Int64

    public init(
        runId: String, rewards: [VersionReward], promotions: [PromotionRecord], nights: [NightRecord],
        versions: [Int], promptsArrived: Int64
    ) {
        self.runId = runId
        self.rewards = rewards
        self.promotions = promotions
        self.nights = nights
        self.versions = versions
        self.promptsArrived = promptsArrived
    }

    /// Reads every topic the history comes from; `partitions` are the work topics' counts as the cluster has them.
    public static func read(
        topics: FleetTopics, kafka: KafkaConfiguration, rolloutPartitions: Int, promptPartitions: Int,
        onError: (String) -> Void = { _ in }
    ) async throws -> RunHistory {
        let tally = RewardTally()
        for message in try await KafkaTopicSnapshot.read(
            topics.rollouts.name, partitions: rolloutPartitions, configuration: kafka)
        {
            if let rollout = try? WireCodec.decode(RolloutMessage.self, from: message.value) { tally.add(rollout) }
        }
        var versions = Set<Int>()
        for message in try await KafkaTopicSnapshot.read(topics.policy.name, configuration: kafka) {
            if let announcement = try? WireCodec.decode(PolicyAnnouncement.self, from: message.value) {
                versions.insert(announcement.version)
            }
        }
        let promotions = try await PromotionTopic.ledger(topics: topics, kafka: kafka, onError: onError).history
        let nights = try await NightlyTopic.records(topics: topics, kafka: kafka, onError: onError)
        let arrived = try await KafkaGroupOffsets.read(
            group: "\(topics.runId).generators", topic: topics.prompts.name, partitions: promptPartitions,
            configuration: kafka
        ).reduce(Int64(0)) { $0 + $1.highWatermark }
        return RunHistory(
            runId: topics.runId,
            rewards: tally.byVersion.map { VersionReward(version: $0.key, meanReward: $0.value.mean, candidates: $0.value.count) }
                .sorted { $0.version < $1.version },
            promotions: promotions, nights: nights, versions: versions.sorted(), promptsArrived: arrived)
    }

    /// The finished nights, one per night number (the last record of each), oldest first.
    public var finishedNights: [NightRecord] {
        let finished = nights.filter { $0.status == .finished }
        return Dictionary(grouping: finished, by: \.night).compactMap { $0.value.last }.sorted { $0.night < $1.night }
    }

    /// What the gate measured each version by: dev pass@1 on the labeled dev file, or (label-free) the scorer's
    /// mean on held-back traffic — whichever the records carry, dev pass@1 first.
    public enum GateMeasure: String, Sendable, CaseIterable {
        case devPassAt1 = "DevPassAt1"
        case heldBackScore = "HeldBackScore"

        public var label: String { self == .devPassAt1 ? "dev pass@1" : "held-back mean score" }
    }

    /// The gate's measure of every version it measured, by version, and which measure it is (nil: none yet).
    public var gateMeasure: (measure: GateMeasure, byVersion: [Int: Double])? {
        for measure in GateMeasure.allCases {
            var result: [Int: Double] = [:]
            for record in promotions {
                if let value = record.figures["candidate" + measure.rawValue] { result[record.version] = value }
                if let previous = record.previous, let value = record.figures["promoted" + measure.rawValue] {
                    result[previous] = result[previous] ?? value
                }
            }
            if !result.isEmpty { return (measure, result) }
        }
        return nil
    }

    /// The version that serves now.
    public var promoted: Int? { PromotionLedger(promotions).promoted }
}
