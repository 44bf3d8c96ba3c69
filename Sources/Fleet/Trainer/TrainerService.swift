import Blobs
import Blocking
import Logging
import Messages
import Synchronization

/// The training stage: rollouts in, updates out. Takes the RL loss's gradient on each scored group at the newest
/// policy it has loaded and sends it to the coordinator, one update per group, so an update's identity is its
/// rollout's and the coordinator can drop any redelivery exactly.
public final class TrainerService: Sendable {
    public let topics: FleetTopics
    public let settings: TrainerSettings
    public let store: any BlobStore
    public let holder = PolicyHolder<TrainerEngine>()
    let worker: BlockingWorker
    /// How failures that are not a record's fault (blob store, broker, policy loads) are retried.
    public let retry: RetryPolicy
    private let dropped = Atomic<Int>(0)
    private let logger = Logger(label: "tao.trainer")

    /// - Parameter worker: where model computation runs; stages in one process may share one so their
    ///   compute never overlaps (oversubscribed OpenBLAS threads slow everyone down).
    public init(
        topics: FleetTopics, settings: TrainerSettings, store: any BlobStore,
        worker: BlockingWorker = BlockingWorker(label: "tao.trainer.model"), retry: RetryPolicy = .standard
    ) {
        self.worker = worker
        self.retry = retry
        self.topics = topics
        self.settings = settings
        self.store = store
    }

    /// Rollouts dropped for being more than `maxLag` versions old.
    public var staleDropped: Int { dropped.load(ordering: .relaxed) }

    public func run(
        bus: any MessageBus, observe: @escaping @Sendable (BusRecord, StageOutcome) -> Void = { _, _ in },
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let stage = PolicyFollowingStage(
            stage: "trainer", topics: topics, store: store, worker: worker, holder: holder, trainable: true,
            retry: retry, trusted: settings.trustedKeys, prepare: TrainerEngine.init)
        try await stage.run(
            bus: bus, input: topics.rollouts, group: "trainers", observe: observe, onError: onError
        ) { [self] in try await handle($0) }
    }

    /// One rollout record → one update record, or nothing when the rollout is stale or teaches nothing.
    public func handle(_ record: BusRecord) async throws -> StageResult {
        let rollout = try WireCodec.decode(RolloutMessage.self, from: record.value)
        try rollout.check()
        let lag = PolicyLag(maxLag: settings.maxLag)
        let (engine, version, epoch) = try await holder.currentWithEpoch { lag.accepts($0, newest: $1) }
        guard lag.accepts(rollout.candidates.policyVersion, newest: holder.newestAnnounced) else {
            dropped.add(1, ordering: .relaxed)
            logger.info("trainer: \(StaleDrop.line(rolloutIDs: [rollout.id], reason: "sampled at v\(rollout.candidates.policyVersion), more than \(settings.maxLag) versions behind v\(holder.newestAnnounced)"))")
            var result = StageResult.nothing
            result.stale = true
            return result
        }
        let group = ScoredGroup(
            promptTokens: rollout.candidates.promptTokens,
            completions: rollout.candidates.samples.map(\.tokens),
            rolloutLogProbs: rollout.candidates.samples.map(\.rolloutLogProbs),
            rewards: rollout.scores.map(\.total))
        let loss = settings.loss
        let id = DeterministicID.update(baseVersion: version, rolloutIDs: [rollout.id])
        let (gradients, value, stats) = try await worker.run {
            try engine.gradients(of: group, loss: loss, update: id)
        }
        let payload: Payload
        if gradients.count <= Payload.inlineLimit {
            payload = .inline(gradients)
        } else {
            let blob = try await StageFailure.guard("storing update \(id)'s gradients in the blob store") {
                try await store.put(gradients)
            }
            payload = .blob(sha256: blob.sha256, size: gradients.count)
        }
        var update = UpdateMessage(
            id: id, baseVersion: version,
            kind: engine.updateKind, payload: payload, rolloutIDs: [rollout.id],
            stats: stats.merging([
                "loss": value, "reward_mean": group.rewards.reduce(0, +) / Double(max(group.rewards.count, 1)),
                "tokens": Double(group.completions.joined().count),
            ]) { $1 },
            baseEpoch: epoch)
        if let signer = settings.signer { update = try signer.sign(update) }
        Failpoints.pass("trainer.mid-update")
        var result = StageResult(records: [
            OutgoingRecord(topic: topics.updates.name, key: "v\(version)", value: try WireCodec.encode(update))
        ])
        result.updates = 1
        return result
    }
}
