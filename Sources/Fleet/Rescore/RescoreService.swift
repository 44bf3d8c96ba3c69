import Foundation
import Kafka
import Messages
import Scoring
import Tasks

/// `tao rescore`: a range of a run's candidates, scored again with another scorer configuration, into the rollouts
/// of a new run — nothing is sampled again. Each record goes through the scorer stage's own path
/// (`ScorerService.rollout(scoring:)`, `StageLoop`'s dead-letter rule), so a rescored rollout is exactly what a
/// scorer with that configuration would have written, and a bad record is the new run's dead letter with the reason.
///
/// Idempotent: the target run's rollout ids and dead letters are read first (`RescoreExisting`), and a record
/// whose rollout is there, or whose offset was dead-lettered there, is skipped; so is a second copy of one id
/// in the range. Running it again over the same range writes nothing.
public struct RescoreService: Sendable {
    public let sourceTopic: String
    public let target: FleetTopics
    /// Canonical, e.g. `verifier+0.2*format`.
    public let scorerConfig: String
    let scorer: ScorerService

    /// - Throws: `ScorerConfigError` for a configuration that does not parse or names an unknown scorer, before
    ///   anything is read (a scorer that does not apply to a record's task is that record's dead letter).
    public init(sourceTopic: String, target: FleetTopics, scorers: String, registry: ScorerRegistry = .standard) throws {
        let parsed = try ScorerConfig(parsing: scorers)
        if let unknown = parsed.terms.first(where: { !registry.names.contains($0.name) }) {
            throw ScorerConfigError.unknownScorer(unknown.name, known: registry.names)
        }
        // A scorer that builds for no built-in task (a judge with no model configured) fails now, saying what to set.
        var firstError: (any Error)?
        let builds = BuiltInTasks.names.contains { name in
            do {
                _ = try registry.makeScorer(config: parsed.description, for: try BuiltInTasks.task(named: name))
                return true
            } catch {
                firstError = firstError ?? error
                return false
            }
        }
        if !builds, let firstError { throw firstError }
        self.sourceTopic = sourceTopic
        self.target = target
        scorerConfig = parsed.description
        scorer = ScorerService(topics: target, scorerConfig: parsed.description, registry: registry)
    }

    /// Rescores `range` of the source topic on the cluster `kafka`, publishing through `bus` (on the same cluster).
    /// Creates the target's rollouts and dead-letter topics when they are missing.
    /// - Parameter progress: hears the counts after every record.
    public func run(
        range: RescoreRange, kafka: KafkaConfiguration, bus: any MessageBus,
        progress: (RescoreProgress) -> Void = { _ in }
    ) async throws -> RescoreSummary {
        let started = ContinuousClock.now
        guard let partitions = try await bus.partitionCount(of: sourceTopic) else {
            throw RescoreError.noSuchTopic(sourceTopic, bootstrap: kafka.bootstrapServers)
        }
        let watermarks = try await KafkaTopicScan.watermarks(sourceTopic, partitions: partitions, configuration: kafka)
        let plan = range.plan(watermarks: watermarks)
        let total = plan.values.reduce(0) { $0 + $1.count }
        var existing = try await RescoreExisting.read(
            target: target, sourceTopic: sourceTopic, configuration: kafka, partitions: { try await bus.partitionCount(of: $0) })
        try await createMissingTopics(kafka: kafka, bus: bus)

        let loop = StageLoop(stage: "rescore", bus: bus, deadLetterTopic: target.deadLetter.name)
        var summary = RescoreSummary(sourceTopic: sourceTopic, targetRun: target.runId, scorers: scorerConfig)
        var tally = RescoreTally()
        let scorer = scorer
        try await KafkaTopicScan.read(sourceTopic, ranges: plan, configuration: kafka) { message in
            summary.scanned += 1
            defer {
                progress(RescoreProgress(
                    scanned: summary.scanned, total: total, written: summary.written,
                    skipped: summary.skippedExisting + summary.skippedDeadLettered, deadLettered: summary.deadLettered,
                    seconds: Self.seconds(since: started)))
            }
            guard range.admits(timestamp: message.timestamp) else { return }
            summary.read += 1
            let record = BusRecord(
                topic: message.topic, partition: Int(message.partition), offset: message.offset, key: message.key,
                value: message.value)
            guard !existing.deadLetterIDs.contains("\(record.topic)/\(record.partition)/\(record.offset)") else {
                summary.skippedDeadLettered += 1
                return
            }
            var written: RolloutMessage?
            var skipped = false
            let outcome = try await loop.process(record) { record in
                let candidates = try WireCodec.decode(CandidatesMessage.self, from: record.value)
                if existing.rolloutIDs.contains(candidates.id) {
                    skipped = true
                    return .nothing
                }
                let rollout = try await scorer.rollout(scoring: candidates)
                written = rollout
                return try scorer.result(publishing: rollout)
            }
            switch outcome {
            case .deadLettered(let cause):
                summary.deadLettered += 1
                summary.deadLetteredByKind[cause.kind.rawValue, default: 0] += 1
            case .handled where skipped:
                summary.skippedExisting += 1
            case .handled:
                guard let written else { return }
                summary.written += 1
                tally.add(written.scores)
                existing.rolloutIDs.insert(written.id)
            }
        }
        tally.fill(&summary)
        summary.seconds = Self.seconds(since: started)
        return summary
    }

    /// A real cluster may not create topics on first write; the target's are made with the fleet's defaults.
    private func createMissingTopics(kafka: KafkaConfiguration, bus: any MessageBus) async throws {
        var missing: [KafkaTopicSpec] = []
        for topic in [target.rollouts, target.deadLetter] where try await bus.partitionCount(of: topic.name) == nil {
            missing.append(KafkaTopicSpec(name: topic.name, partitions: topic.partitions))
        }
        guard !missing.isEmpty else { return }
        try await KafkaAdmin(configuration: kafka).createTopics(missing)
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
