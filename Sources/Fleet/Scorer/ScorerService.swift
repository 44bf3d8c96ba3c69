import Messages
import Scoring
import Synchronization
import Tasks

/// The scoring stage: candidates in, rollouts out. Builds the configured scorer once per task and rates each
/// group of candidates together (so majority vote can compare them).
public final class ScorerService: Sendable {
    public let topics: FleetTopics
    /// e.g. `verifier` or `verifier+0.2*format`; see docs/scoring.md.
    public let scorerConfig: String
    private let registry: ScorerRegistry
    private let scorers = Mutex<[String: any Scorer]>([:])

    public init(topics: FleetTopics, scorerConfig: String, registry: ScorerRegistry = .standard) {
        self.topics = topics
        self.scorerConfig = scorerConfig
        self.registry = registry
    }

    /// Joins the scorers' group and scores until the subscription ends.
    public func run(bus: any MessageBus, observe: @Sendable (BusRecord, StageOutcome) -> Void = { _, _ in }) async throws {
        let subscription = try await bus.subscribe(group: "\(topics.runId).scorers", topics: [topics.candidates.name])
        let loop = StageLoop(stage: "scorer", bus: bus, deadLetterTopic: topics.deadLetter.name)
        try await loop.run(subscription, observe: observe) { try await handle($0) }
    }

    /// One candidates record → one rollout record. Throws (→ dead letter) on anything it cannot score.
    public func handle(_ record: BusRecord) async throws -> StageResult {
        let candidates = try WireCodec.decode(CandidatesMessage.self, from: record.value)
        return try result(publishing: try await rollout(scoring: candidates))
    }

    /// The checked, scored rollout of `candidates`. Throws (→ dead letter) on candidates that break a rule, a task
    /// the configured scorer cannot score, and scores that are not one in [0, 1] per sample.
    public func rollout(scoring candidates: CandidatesMessage) async throws -> RolloutMessage {
        try candidates.check()
        let prompt = candidates.prompt
        let scorer = try scorer(for: prompt.task)
        let scores = try await scorer.score(
            prompt: TaskPrompt(prompt),
            completions: candidates.samples.map(\.text))
        guard scores.count == candidates.samples.count else {
            throw ScoringError.wrongScoreCount(scorer: scorer.name, expected: candidates.samples.count, got: scores.count)
        }
        let rollout = RolloutMessage(
            candidates: candidates,
            scores: scores.map { RolloutMessage.Score(total: $0.total, components: $0.components) },
            scorer: scorerConfig)
        // A scorer's total outside [0, 1] (NaN included) must not reach a trainer: it is this record's dead letter.
        try rollout.check()
        return rollout
    }

    /// `rollout` as this run's rollouts record (keyed by prompt id), with its rewards for the observer.
    public func result(publishing rollout: RolloutMessage) throws -> StageResult {
        var result = StageResult(records: [
            OutgoingRecord(
                topic: topics.rollouts.name, key: rollout.candidates.prompt.id, value: try WireCodec.encode(rollout))
        ])
        result.rewards = rollout.scores.map(\.total)
        return result
    }

    private func scorer(for taskName: String) throws -> any Scorer {
        if let cached = scorers.withLock({ $0[taskName] }) { return cached }
        let scorer = try registry.makeScorer(config: scorerConfig, for: try BuiltInTasks.task(named: taskName))
        scorers.withLock { $0[taskName] = scorer }
        return scorer
    }
}
