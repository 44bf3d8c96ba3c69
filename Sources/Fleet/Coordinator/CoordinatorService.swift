import Blobs
import Blocking
import Foundation
import Llama
import Logging
import Messages
import Synchronization

/// The coordinator: applies trainers' updates and commits policy versions.
///
/// Commit protocol, so a crash at any point loses nothing acknowledged and trains nothing twice:
/// 1. pending updates' gradients are averaged into one AdamW step on the worker;
/// 2. the new weights and optimiser state go to the blob store (content-addressed: re-putting is harmless);
/// 3. the checkpoint — announcement, optimiser blob, applied rollout ids — replaces the old one by rename;
/// 4. the announcement is published on the policy topic;
/// 5. only then are the updates' offsets acknowledged.
/// A crash before 3 redelivers the updates; after 3, their rollout ids are in the checkpoint and redeliveries are
/// dropped; a crash between 3 and 4 is mended by re-announcing the checkpoint's version at start-up, and by a
/// standby when it takes over.
///
/// Fencing: an instance given the updates partition claims a new epoch in the checkpoint directory before it
/// applies anything, and stamps it on every announcement. One that finds a newer epoch there when it goes to commit
/// (it was paused past its session while a standby took over) commits nothing and stops with `FleetError.fenced`;
/// stages ignore announcements from an epoch older than one they have seen (`PolicyWatcher`).
///
/// One rule for age and for duplicates: an update is judged by its oldest version — the one its gradient was taken
/// at, or one that sampled its rollouts, whichever is older — and dropped as stale when that is more than `maxLag`
/// behind the committed version; applied rollout ids are forgotten by the same versions, so an id is forgotten only
/// once every update that could carry it is stale.
///
/// What a bad update does: anything wrong with one record (unreadable, ids that do not add up, a payload that is
/// missing, corrupt, oversized or not finite) sends it to the dead-letter topic and is never applied; a step that
/// would make the weights non-finite is not committed and its updates are dead-lettered. Only the coordinator's
/// own trouble — the blob store or the checkpoint directory failing, the broker — stops it, after retries.
public final class CoordinatorService: Sendable {
    public let topics: FleetTopics
    public let settings: CoordinatorSettings
    public let store: any BlobStore
    public let checkpoints: CheckpointStore
    /// How blob-store reads are retried before the coordinator gives up and stops.
    public let retry: RetryPolicy
    let worker: BlockingWorker
    let counters = CoordinatorCounters()
    let baseCache = PolicyBaseCache()
    let logger = Logger(label: "tao.coordinator")
    private let restoredVersion = Atomic<Int>(-1)
    /// Every version ever promoted (the promotion record), read before each prune; nil: never prune.
    let promotedVersions: (@Sendable () async throws -> Set<Int>)?

    /// - Parameter worker: where model computation runs; stages in one process may share one so their
    ///   compute never overlaps (oversubscribed OpenBLAS threads slow everyone down).
    public init(
        topics: FleetTopics, settings: CoordinatorSettings, store: any BlobStore, checkpoints: CheckpointStore,
        worker: BlockingWorker = BlockingWorker(label: "tao.coordinator.model"), retry: RetryPolicy = .standard,
        promotedVersions: (@Sendable () async throws -> Set<Int>)? = nil
    ) {
        self.worker = worker
        self.promotedVersions = promotedVersions
        self.topics = topics
        self.settings = settings
        self.store = store
        self.checkpoints = checkpoints
        self.retry = retry
    }

    /// What happened to updates so far (for metrics and tests).
    public var statistics: CoordinatorCounters.Snapshot { counters.snapshot }

    /// The version whose policy and optimiser this instance holds in memory (restored or committed), nil before
    /// the checkpoint is restored: readiness and the policy-version gauge.
    public var currentVersion: Int? {
        let version = restoredVersion.load(ordering: .relaxed)
        return version >= 0 ? version : nil
    }

    /// Commits version 0 from `base` unless a checkpoint exists, re-announces the checkpoint's version, then
    /// applies updates until cancelled or the subscription ends.
    public func run(bus: any MessageBus, base: @escaping @Sendable () throws -> LoadedPolicy) async throws {
        var checkpoint = try await startingCheckpoint(base: base)
        logger.info("coordinator: \(Self.resumedLine(checkpoint))")
        try await announce(checkpoint.announcement, on: bus)
        var state = try await restore(checkpoint)
        restoredVersion.store(checkpoint.version, ordering: .relaxed)
        let updates = try await bus.subscribe(group: "\(topics.runId).coordinator", topics: [topics.updates.name])
        // A broker may auto-create the topic with several partitions: checked now if it exists, else with the
        // records until its metadata is there.
        var partitionsChecked = try await checkUpdatesTopic(bus)
        var batch = PendingBatch()
        var lastOffset: Int64?
        while let record = try await updates.next() {
            if !partitionsChecked { partitionsChecked = try await checkUpdatesTopic(bus) }
            // Offsets follow one another while this instance keeps the partition. Anything else — the first record,
            // a rewind after a rebalance, a jump past records another instance handled — means this instance has
            // (again) been given the partition: it claims a new fencing epoch, so an older coordinator that still
            // thinks it is active cannot commit; it continues from the committed checkpoint (another instance may
            // have committed meanwhile) and announces it under the new epoch, since the other may have died before
            // announcing.
            if lastOffset.map({ record.offset != $0 + 1 }) ?? true {
                let held = checkpoint
                let claimed = try await worker.run { [checkpoints] in try checkpoints.claim(held) }
                logger.info("coordinator: claimed epoch \(claimed.epoch) at v\(claimed.version)")
                if claimed.version > checkpoint.version {
                    state = try await restore(claimed)
                    restoredVersion.store(claimed.version, ordering: .relaxed)
                    // What was pending here is dropped unacknowledged: the records are redelivered from the committed
                    // offsets, and the checkpoint's ids drop what was applied.
                    batch = PendingBatch()
                }
                checkpoint = claimed
                try await announce(checkpoint.announcement, on: bus)
            }
            lastOffset = record.offset
            switch try await accept(record, checkpoint: checkpoint, pending: batch.rollouts, state: state) {
            case .applied(let rollouts, let blob):
                batch.add(record, blob: blob, applied: rollouts)
            case .skipped(let blob):
                batch.add(record, blob: blob)
            case .rejected(let reason, let blob):
                try await deadLetter(record, reason: reason, bus: bus)
                batch.add(record, blob: blob)
            }
            guard state.pending >= settings.updatesPerVersion else {
                if state.pending == 0 { try await acknowledge(&batch, updates) }
                continue
            }
            do {
                // A fenced commit (`FleetError.fenced`) ends the run: another instance holds the role now.
                checkpoint = try await commit(state, after: checkpoint, rollouts: batch.rollouts, bus: bus)
                restoredVersion.store(checkpoint.version, ordering: .relaxed)
                if prunesAfter(checkpoint.version) { await pruneBlobs(current: checkpoint.version) }
            } catch let refused as NonFiniteStep {
                logger.error("coordinator: \(refused)")
                for record in batch.appliedRecords { try await deadLetter(record, reason: "\(refused)", bus: bus) }
                state = try await restore(checkpoint)
            }
            try await acknowledge(&batch, updates)
        }
    }

    /// What the coordinator logs on starting from `checkpoint`: `resumed from checkpoint v5 (epoch 2)`; a soak checks
    /// each restart against the checkpoint on disk when the last instance died.
    public static func resumedLine(_ checkpoint: CoordinatorCheckpoint) -> String {
        "resumed from checkpoint v\(checkpoint.version) (epoch \(checkpoint.epoch))"
    }

    /// The policy and optimiser of `checkpoint`, loaded from the blob store.
    func restore(_ checkpoint: CoordinatorCheckpoint) async throws -> CoordinatorState {
        let loaded = try await PolicyCodec.load(
            checkpoint.announcement, store: store, worker: worker, trainable: true, baseCache: baseCache)
        let state = CoordinatorState(policy: loaded, weightDecay: settings.weightDecay)
        if let optimizer = checkpoint.optimizerState {
            let bytes = try await store.get(try BlobID(sha256: optimizer))
            try await worker.run { try OptimizerStateCodec.restore(bytes, into: state.optimizer) }
        }
        return state
    }

    /// True once the updates topic is known to have one partition; false while it does not exist (or its metadata
    /// is not in). Throws `FleetError.updatesTopicPartitions` for any other count.
    private func checkUpdatesTopic(_ bus: any MessageBus) async throws -> Bool {
        let topic = topics.updates.name
        guard let count = try await bus.partitionCount(of: topic) else { return false }
        guard count == 1 else {
            logger.critical("coordinator: \(FleetError.updatesTopicPartitions(topic: topic, count: count))")
            throw FleetError.updatesTopicPartitions(topic: topic, count: count)
        }
        return true
    }

    func deadLetter(_ record: BusRecord, reason: String, bus: any MessageBus) async throws {
        let loop = StageLoop(stage: "coordinator", bus: bus, deadLetterTopic: topics.deadLetter.name)
        try await bus.publish([try loop.deadLetter(record, reason: reason)])
        counters.count(\.deadLettered)
    }

    /// Steps the optimiser and commits the next version (steps 1–4 of the protocol above).
    func commit(
        _ state: CoordinatorState, after previous: CoordinatorCheckpoint, rollouts: Set<String>, bus: any MessageBus
    ) async throws -> CoordinatorCheckpoint {
        let step = previous.optimizerSteps
        let learningRate = settings.schedule.learningRate(at: step)
        let (applied, maxNorm) = (state.pending, settings.maxGradNorm)
        let optimizerBytes = try await worker.run { () -> [UInt8] in
            _ = try state.step(learningRate: learningRate, maxGradNorm: maxNorm)
            return try OptimizerStateCodec.encode(state.optimizer)
        }
        // A LoRA run's base never changes: point at the blob published with version 0 instead of re-serialising it.
        var announcement = try await PolicyCodec.publish(
            state.policy, version: previous.version + 1, appliedUpdates: applied, store: store, worker: worker,
            knownBase: previous.announcement.adapter?.base)
        announcement.epoch = previous.epoch
        var checkpoint = CoordinatorCheckpoint(
            announcement: announcement, optimizerState: try await store.put(optimizerBytes).sha256,
            optimizerSteps: step + 1, appliedRolloutIDs: previous.appliedRolloutIDs.union(rollouts),
            epoch: previous.epoch, claims: previous.claims)
        checkpoint.prune(maxLag: settings.maxLag, dedupeVersions: settings.dedupeVersions)
        let committed = checkpoint
        do {
            try await worker.run { [checkpoints] in try checkpoints.save(committed) }
        } catch let fenced as FleetError {
            logger.critical("coordinator: \(fenced)")
            throw fenced
        }
        Failpoints.pass("coordinator.mid-publish")
        try await announce(announcement, on: bus)
        counters.count(\.versions)
        return checkpoint
    }

    func startingCheckpoint(base: @escaping @Sendable () throws -> LoadedPolicy) async throws -> CoordinatorCheckpoint {
        if let existing = try await worker.run({ [checkpoints] in try checkpoints.load() }) { return existing }
        let adapter = settings.adapter
        let policy = try await worker.run { () -> LoadedPolicy in
            let policy = try base()
            // A LoRA run starts from a fresh adapter (B = 0: version 0 computes exactly the base model).
            if let adapter { policy.model.attach(LoRAAdapter(config: adapter, modelConfig: policy.model.config, seed: 0)) }
            return policy
        }
        let announcement = try await PolicyCodec.publish(
            policy, version: 0, appliedUpdates: 0, store: store, worker: worker)
        let checkpoint = CoordinatorCheckpoint(announcement: announcement)
        try await worker.run { [checkpoints] in try checkpoints.save(checkpoint) }
        return checkpoint
    }

    func announce(_ announcement: PolicyAnnouncement, on bus: any MessageBus) async throws {
        // Signed as published: a claim re-announces a version under a new epoch, which is part of what is signed.
        let announcement = try settings.signer?.sign(announcement) ?? announcement
        try await bus.publish([OutgoingRecord(
            topic: topics.policy.name, key: announcement.id, value: try WireCodec.encode(announcement))])
    }

    /// Acknowledges the batch's records, then deletes their gradient blobs: committed or skipped, no one reads them
    /// again (a redelivered duplicate is recognised by its rollout ids before its payload is fetched).
    private func acknowledge(_ batch: inout PendingBatch, _ subscription: any BusSubscription) async throws {
        for record in batch.records { try subscription.acknowledge(record) }
        for blob in batch.blobs { try await store.remove(blob) }
        batch = PendingBatch()
    }
}

/// The update records read since the last acknowledgement, in order, with what they added to the pending step.
struct PendingBatch {
    private(set) var records: [BusRecord] = []
    /// The records whose gradients are in the pending sum.
    private(set) var appliedRecords: [BusRecord] = []
    /// Rollout ids of the applied records.
    private(set) var rollouts: Set<String> = []
    /// Gradient blobs of the records: deleted once the records are acknowledged.
    private(set) var blobs: [BlobID] = []

    mutating func add(_ record: BusRecord, blob: BlobID?, applied: [String]? = nil) {
        records.append(record)
        if let blob { blobs.append(blob) }
        if let applied {
            appliedRecords.append(record)
            rollouts.formUnion(applied)
        }
    }
}
