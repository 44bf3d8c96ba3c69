import Blobs
import Blocking
import Evaluation
import Experiments
import Fleet
import Foundation
import Kafka
import Llama
import Messages
import RunConfiguration
import Tasks

/// `tao gate`: the evaluation gate as a service. It follows the coordinator's announcements; each version it judges
/// is measured on the labeled dev file (greedy pass@1) against the promoted version, and promoted — or refused,
/// with the reason and the figures — on `<run>.promotions`, which `tao serve` follows.
///
/// A version is promoted when its dev pass@1 is within `gate.tolerance` of the promoted version's or better
/// (``EvaluationGate``); one whose reward rose while its dev accuracy fell is refused and the message says so — the
/// scorer rewards something other than correctness. With nothing promoted yet, the first version judged (the base,
/// v0) is promoted as the starting point. Each version is judged once: the record is the memory, so a restarted gate
/// carries on where it stopped.
public struct GateService: Sendable {
    public let topics: FleetTopics
    public let store: any BlobStore
    public let kafka: KafkaConfiguration
    public let settings: RunConfiguration.Gate
    public let decodePrecision: DecodePrecision?
    /// What a version is measured by.
    enum Measure: Sendable {
        /// Greedy pass@1 on the labeled dev file.
        case dev(task: any TaskFamily, examples: [LabeledExample])
        /// The scorer's mean on held-back traffic (no labels).
        case heldBack(HeldBackEvaluation)
    }
    let measure: Measure
    /// The label-free gate's trust in the run's scorer (`gate.scorer-audit`); nil: not audited.
    var trust: ScorerTrust?
    let worker = BlockingWorker(label: "tao.gate.policy")

    /// - Parameter heldBack: how the label-free gate samples and scores held-back prompts; used when
    ///   `settings.devFile` is nil and its generator holds traffic back.
    public init(
        topics: FleetTopics, store: any BlobStore, kafka: KafkaConfiguration, settings: RunConfiguration.Gate,
        decodePrecision: DecodePrecision?, heldBack: HeldBackEvaluation? = nil
    ) throws {
        if let devFile = settings.devFile {
            measure = .dev(
                task: try BuiltInTasks.task(named: settings.task),
                examples: try EvaluationFile.load(URL(fileURLWithPath: devFile), task: settings.task))
        } else if let heldBack, heldBack.generator.heldBack.fraction > 0 {
            measure = .heldBack(heldBack)
            trust = try settings.scorerAudit.map {
                try ScorerTrust(auditFile: $0, scorer: heldBack.scorerConfig, task: settings.task)
            }
        } else {
            throw GateError.noDevFile
        }
        self.topics = topics
        self.store = store
        self.kafka = kafka
        self.settings = settings
        self.decodePrecision = decodePrecision
    }

    /// The gate built from a run configuration: labeled with `gate.dev-file`, label-free with `gate.held-back`.
    public init(run: RunConfiguration, kafka: KafkaConfiguration) throws {
        let shared = run.settings.shared
        try self.init(
            topics: shared.topics, store: try shared.store(), kafka: kafka, settings: run.gate,
            decodePrecision: run.settings.generator.decodePrecision,
            heldBack: HeldBackEvaluation(
                generator: run.settings.generator.serviceSettings(maxLag: shared.maxLag),
                scorerConfig: run.settings.scorer.scorers, registry: try run.settings.scorer.registry()))
    }

    /// Judges versions as they are announced until cancelled; `decided` hears every record written.
    public func run(
        bus: any MessageBus, decided: @escaping @Sendable (PromotionRecord) -> Void = { _ in },
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let recorded = try await PromotionTopic.ledger(topics: topics, kafka: kafka, onError: onError)
        let rewards = RewardTally()
        let rollouts = try await bus.read(topics: [topics.rollouts.name])
        let policies = try await bus.read(topics: [topics.policy.name])
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                while let record = try await rollouts.next() {
                    if let rollout = try? WireCodec.decode(RolloutMessage.self, from: record.value) { rewards.add(rollout) }
                }
            }
            // Announcements are collected as they come; judging takes the newest each time it is free, so a gate
            // slower than the coordinator skips versions instead of falling ever further behind.
            let announced = Announced()
            tasks.addTask {
                defer { announced.finish() }
                while let record = try await policies.next() {
                    guard let announcement = try? WireCodec.decode(PolicyAnnouncement.self, from: record.value) else {
                        onError("skipping an unreadable policy record at offset \(record.offset)")
                        continue
                    }
                    announced.add(announcement)
                }
            }
            tasks.addTask { [self] in
                var ledger = recorded
                var dev: [Int: Double] = [:]
                for record in ledger.history {
                    if let figure = record.figures["candidateDevPassAt1"] { dev[record.version] = figure }
                }
                for await _ in announced.changes {
                    let announcements = announced.all
                    guard let version = announcements.keys.max() else { continue }
                    let lastJudged = ledger.history.filter { $0.by == "gate" }.map(\.version).max()
                    guard !ledger.decided.contains(version), lastJudged.map({ version >= $0 + settings.every }) ?? true
                    else { continue }
                    do {
                        let record = try await judge(
                            version, announcements: announcements, ledger: ledger, dev: &dev, rewards: rewards)
                        try await PromotionTopic.publish(record, topics: topics, kafka: kafka)
                        ledger.apply(record)
                        decided(record)
                    } catch is CancellationError {
                        throw CancellationError()
                    } catch {
                        onError("could not judge v\(version): \(error)")
                    }
                    announced.poke()  // more may have arrived while judging
                }
            }
            try await tasks.next()
            tasks.cancelAll()
        }
    }

    /// The decision on `version`, measuring it (and the promoted version, if not yet) on the dev file, or both on
    /// the held-back traffic.
    func judge(
        _ version: Int, announcements: [Int: PolicyAnnouncement], ledger: PromotionLedger, dev: inout [Int: Double],
        rewards: RewardTally
    ) async throws -> PromotionRecord {
        if case .heldBack(let evaluation) = measure {
            return try await judgeHeldBack(
                version, announcements: announcements, ledger: ledger, rewards: rewards, evaluation: evaluation)
        }
        let at = PromotionTopic.now
        let candidate = try await devPassAt1(announcements[version]!)
        dev[version] = candidate
        var figures = ["candidateDevPassAt1": candidate]
        if let reward = rewards.mean(version) { figures["candidateMeanReward"] = reward }
        guard let promoted = ledger.promoted else {
            return PromotionRecord(
                version: version, decision: .promoted, by: "gate", previous: nil,
                reason: "v\(version) promoted as the starting point: nothing was promoted before; dev pass@1 "
                    + EvaluationReport.percent(candidate),
                figures: figures, at: at)
        }
        let incumbent: Double
        if let known = dev[promoted] {
            incumbent = known
        } else if let announcement = announcements[promoted] {
            incumbent = try await devPassAt1(announcement)
            dev[promoted] = incumbent
        } else {
            throw GateError.unknownPromotedVersion(promoted)
        }
        figures["promotedDevPassAt1"] = incumbent
        if let reward = rewards.mean(promoted) { figures["promotedMeanReward"] = reward }
        let verdict = EvaluationGate(tolerance: settings.tolerance).judge(
            baseDevPassAt1: incumbent,
            versions: [
                VersionPoint(version: promoted, meanReward: rewards.mean(promoted), devPassAt1: incumbent),
                VersionPoint(version: version, meanReward: rewards.mean(version), devPassAt1: candidate),
            ])
        let reason = verdict.reason.replacingOccurrences(of: "keep the base", with: "keep v\(promoted)")
            .replacingOccurrences(of: "of the base", with: "of v\(promoted)")
        return PromotionRecord(
            version: version, decision: verdict.promote ? .promoted : .refused, by: "gate", previous: promoted,
            reason: reason, figures: figures, at: at)
    }

    /// Greedy pass@1 of the announced policy on the dev file.
    func devPassAt1(_ announcement: PolicyAnnouncement) async throws -> Double {
        guard case .dev(let task, let examples) = measure else { preconditionFailure("the gate has no dev file") }
        let policy = try await PolicyCodec.load(announcement, store: store, worker: worker)
        let evaluator = Evaluator(
            model: policy.model, tokenizer: policy.tokenizer, label: "v\(announcement.version)",
            tokenizerConfig: policy.tokenizerConfig)
        let report = try await evaluator.evaluate(
            task: task, examples: examples, split: settings.devFile ?? "dev",
            settings: EvaluationSettings(k: 1, samples: 1, scorerConfig: nil, decodePrecision: decodePrecision))
        return report.passAt1
    }
}

public enum GateError: Error, Equatable, CustomStringConvertible {
    case noDevFile
    case unknownPromotedVersion(Int)
    case scorerAudit(String, String)

    public var description: String {
        switch self {
        case .scorerAudit(let file, let problem):
            "gate.scorer-audit \(file) \(problem); the label-free gate trusts a scorer only on its audit (docs/scoring.md)"
        case .noDevFile:
            "the gate needs a labeled dev file or held-back traffic: set gate.dev-file (or --dev-file) to JSON lines of "
                + "{\"id\", \"task\", \"prompt\", \"answer\"} (never the evaluation split), or gate.held-back to the "
                + "fraction of traffic to measure versions on instead (0.05: one prompt in twenty is never trained on)"
        case .unknownPromotedVersion(let version):
            "the promoted version v\(version) is not on the policy topic, so it cannot be measured; promote an announced version (tao promote)"
        }
    }
}
