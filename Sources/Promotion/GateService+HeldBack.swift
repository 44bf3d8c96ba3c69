import Fleet
import Kafka
import Messages

extension GateService {
    /// The label-free decision: `version` and the promoted version sampled on the same held-back prompts (the newest
    /// `gate.held-back-prompts`, which no version was trained on) and scored by the run's scorer; promoted when its
    /// mean is within `gate.tolerance` of the promoted version's or better. Both are measured afresh each time: the
    /// held-back set grows with the traffic, and a comparison is only fair on one set.
    func judgeHeldBack(
        _ version: Int, announcements: [Int: PolicyAnnouncement], ledger: PromotionLedger, rewards: RewardTally,
        evaluation: HeldBackEvaluation
    ) async throws -> PromotionRecord {
        let at = PromotionTopic.now
        if let trust, !trust.trusted {
            return PromotionRecord(
                version: version, decision: .refused, by: "gate", previous: ledger.promoted,
                reason: "v\(version) refused: \(trust.reason); the held-back mean of an untrusted scorer says nothing about quality",
                figures: [:], at: at)
        }
        let records = try await KafkaTopicSnapshot.read(
            topics.prompts.name, partitions: topics.prompts.partitions, configuration: kafka)
        let prompts = evaluation.heldBackPrompts(records.map(\.value), limit: settings.heldBackPrompts)
        let candidate = try await heldBackScore(announcements[version]!, prompts: prompts, evaluation: evaluation)
        var figures = ["candidateHeldBackScore": candidate.meanScore, "heldBackPrompts": Double(candidate.prompts)]
        if let reward = rewards.mean(version) { figures["candidateMeanReward"] = reward }
        let on = "on \(candidate.prompts) held-back prompts no version trained on (scorer \(evaluation.scorerConfig), "
            + (trust?.reason ?? "not audited: set gate.scorer-audit") + ")"
        guard let promoted = ledger.promoted else {
            return PromotionRecord(
                version: version, decision: .promoted, by: "gate", previous: nil,
                reason: "v\(version) promoted as the starting point: nothing was promoted before; held-back mean score "
                    + "\(Self.score(candidate.meanScore)) \(on)",
                figures: figures, at: at)
        }
        guard let announcement = announcements[promoted] else { throw GateError.unknownPromotedVersion(promoted) }
        let incumbent = try await heldBackScore(announcement, prompts: prompts, evaluation: evaluation)
        figures["promotedHeldBackScore"] = incumbent.meanScore
        if let reward = rewards.mean(promoted) { figures["promotedMeanReward"] = reward }
        let change = "held-back mean score \(Self.score(incumbent.meanScore)) → \(Self.score(candidate.meanScore)) \(on)"
        let promote = candidate.meanScore >= incumbent.meanScore - settings.tolerance
        return PromotionRecord(
            version: version, decision: promote ? .promoted : .refused, by: "gate", previous: promoted,
            reason: promote
                ? "v\(version): \(change), within \(Self.score(settings.tolerance)) of v\(promoted) or better"
                : "v\(version) refused: \(change); keep v\(promoted)",
            figures: figures, at: at)
    }

    func heldBackScore(
        _ announcement: PolicyAnnouncement, prompts: [PromptMessage], evaluation: HeldBackEvaluation
    ) async throws -> HeldBackEvaluation.Measurement {
        let policy = try await PolicyCodec.load(announcement, store: store, worker: worker)
        return try await evaluation.measure(policy, prompts: prompts, worker: worker)
    }

    static func score(_ value: Double) -> String { String(format: "%.3f", value) }
}
