import Kafka
import Messages

extension GateService {
    /// Judges the newest announced version now, from the topics as they stand, and records the decision: what a
    /// scheduled job (`tao nightly`) does where `tao gate` would follow the topics. With nothing promoted yet, the
    /// oldest announced version (the base) is promoted first as the starting point, so the newest is judged against
    /// it. Returns the records written, oldest first: none when the newest version was already decided.
    public func judgeNewest(onError: @escaping @Sendable (String) -> Void = { _ in }) async throws -> [PromotionRecord] {
        var ledger = try await PromotionTopic.ledger(topics: topics, kafka: kafka, onError: onError)
        var announcements: [Int: PolicyAnnouncement] = [:]
        var fence = EpochFence()
        for message in try await KafkaTopicSnapshot.read(topics.policy.name, configuration: kafka) {
            if let announcement = try? WireCodec.decode(PolicyAnnouncement.self, from: message.value) {
                fence.add(announcement, to: &announcements)
            }
        }
        let rewards = RewardTally()
        for message in try await KafkaTopicSnapshot.read(
            topics.rollouts.name, partitions: topics.rollouts.partitions, configuration: kafka) {
            if let rollout = try? WireCodec.decode(RolloutMessage.self, from: message.value) { rewards.add(rollout) }
        }
        guard let newest = announcements.keys.max(), !ledger.decided.contains(newest) else { return [] }
        var dev: [Int: Double] = [:]
        for record in ledger.history {
            if let figure = record.figures["candidateDevPassAt1"] { dev[record.version] = figure }
        }
        var versions = [newest]
        if ledger.promoted == nil, let oldest = announcements.keys.min(), oldest != newest { versions.insert(oldest, at: 0) }
        var written: [PromotionRecord] = []
        for version in versions {
            let record = try await judge(version, announcements: announcements, ledger: ledger, dev: &dev, rewards: rewards)
            try await PromotionTopic.publish(record, topics: topics, kafka: kafka)
            ledger.apply(record)
            written.append(record)
        }
        return written
    }
}
