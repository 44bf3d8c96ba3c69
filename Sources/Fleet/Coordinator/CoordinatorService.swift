import Blobs
import Foundation
import Llama
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
/// dropped; a crash between 3 and 4 is mended by re-announcing the checkpoint's version at start-up.
public final class CoordinatorService: Sendable {
    public let topics: FleetTopics
    public let settings: CoordinatorSettings
    public let store: any BlobStore
    public let checkpoints: CheckpointStore
    let worker: BlockingWorker
    let counters = CoordinatorCounters()
    let baseCache = PolicyBaseCache()
    private let restoredVersion = Atomic<Int>(-1)

    /// - Parameter worker: where model computation runs; stages in one process may share one so their
    ///   compute never overlaps (oversubscribed OpenBLAS threads slow everyone down).
    public init(
        topics: FleetTopics, settings: CoordinatorSettings, store: any BlobStore, checkpoints: CheckpointStore,
        worker: BlockingWorker = BlockingWorker(label: "tao.coordinator.model")
    ) {
        self.worker = worker
        self.topics = topics
        self.settings = settings
        self.store = store
        self.checkpoints = checkpoints
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
        try await announce(checkpoint.announcement, on: bus)
        var state = try await restore(checkpoint)
        restoredVersion.store(checkpoint.version, ordering: .relaxed)
        let updates = try await bus.subscribe(group: "\(topics.runId).coordinator", topics: [topics.updates.name])
        var pendingRecords: [BusRecord] = []
        var pendingRollouts: Set<String> = []
        /// Gradient blobs of the pending records: deleted once those records are acknowledged.
        var pendingBlobs: [BlobID] = []
        while let record = try await updates.next() {
            // A standby that just took over (or an instance that lost its partition for a while) continues from
            // what the other instance committed, not from what it loaded at start-up.
            if let newer = try checkpoints.load(), newer.version > checkpoint.version {
                checkpoint = newer
                state = try await restore(checkpoint)
                restoredVersion.store(checkpoint.version, ordering: .relaxed)
                // What was pending here is dropped unacknowledged: the rebalance that moved the partition away and
                // back redelivers from the committed offsets, and the checkpoint's ids drop what was applied.
                pendingRollouts = []
                pendingRecords = []
                pendingBlobs = []
            }
            let acceptance = try await accept(
                record, checkpoint: checkpoint, pending: pendingRollouts, state: state, bus: bus)
            pendingRecords.append(record)
            if let blob = acceptance.blob { pendingBlobs.append(blob) }
            pendingRollouts.formUnion(acceptance.applied)
            guard state.pending >= settings.updatesPerVersion else {
                if state.pending == 0 { try await acknowledge(&pendingRecords, &pendingBlobs, updates) }
                continue
            }
            checkpoint = try await commit(state, after: checkpoint, rollouts: pendingRollouts, bus: bus)
            restoredVersion.store(checkpoint.version, ordering: .relaxed)
            pendingRollouts = []
            try await acknowledge(&pendingRecords, &pendingBlobs, updates)
        }
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

    /// What became of one update record: the rollouts it added to the pending step (none when skipped), and its
    /// gradient blob, if it had one (each update's blob is its own: the trainer writes the update id into it).
    struct Acceptance {
        var applied: [String] = []
        var blob: BlobID?
    }

    /// Adds an update's gradients to the pending sum, or says why not (duplicate, stale, unreadable → dead letter).
    func accept(
        _ record: BusRecord, checkpoint: CoordinatorCheckpoint, pending: Set<String>, state: CoordinatorState,
        bus: any MessageBus
    ) async throws -> Acceptance {
        let update: UpdateMessage
        do {
            update = try WireCodec.decode(UpdateMessage.self, from: record.value)
            guard update.kind == state.updateKind else {
                throw FleetError.io("update \(update.id) holds \(update.kind.rawValue) but this run trains "
                    + "\(state.updateKind.rawValue): are the trainer and the coordinator configured alike?")
            }
        } catch {
            try await deadLetter(record, reason: "\(error)", bus: bus)
            return Acceptance()
        }
        var acceptance = Acceptance()
        if case .blob(let sha256, _) = update.payload { acceptance.blob = try? BlobID(sha256: sha256) }
        if update.rolloutIDs.contains(where: { checkpoint.appliedRolloutIDs.contains($0) || pending.contains($0) }) {
            counters.count(\.duplicates)
            return acceptance
        }
        guard PolicyLag(maxLag: settings.maxLag).accepts(update.baseVersion, newest: checkpoint.version) else {
            counters.count(\.stale)
            return acceptance
        }
        do {
            let gradients = try await PolicyCodec.fetch(update.payload, store: store)
            try await worker.run { try state.add(gradients: gradients, name: "update \(update.id)") }
        } catch let error as BlobStoreError {
            // Gradients that cannot be had (missing, corrupt) are this record's fault, not the coordinator's.
            try await deadLetter(record, reason: "update \(update.id): \(error)", bus: bus)
            return acceptance
        }
        counters.count(\.applied)
        acceptance.applied = update.rolloutIDs
        return acceptance
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
            _ = state.step(learningRate: learningRate, maxGradNorm: maxNorm)
            return try OptimizerStateCodec.encode(state.optimizer)
        }
        // A LoRA run's base never changes: point at the blob published with version 0 instead of re-serialising it.
        let announcement = try await PolicyCodec.publish(
            state.policy, version: previous.version + 1, appliedUpdates: applied, store: store, worker: worker,
            knownBase: previous.announcement.adapter?.base)
        var checkpoint = CoordinatorCheckpoint(
            announcement: announcement, optimizerState: try await store.put(optimizerBytes).sha256,
            optimizerSteps: step + 1, appliedRolloutIDs: previous.appliedRolloutIDs.union(rollouts))
        checkpoint.prune(maxLag: settings.maxLag)
        try checkpoints.save(checkpoint)
        try await announce(announcement, on: bus)
        counters.count(\.versions)
        return checkpoint
    }

    func startingCheckpoint(base: @escaping @Sendable () throws -> LoadedPolicy) async throws -> CoordinatorCheckpoint {
        if let existing = try checkpoints.load() { return existing }
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
        try checkpoints.save(checkpoint)
        return checkpoint
    }

    func announce(_ announcement: PolicyAnnouncement, on bus: any MessageBus) async throws {
        try await bus.publish([OutgoingRecord(
            topic: topics.policy.name, key: announcement.id, value: try WireCodec.encode(announcement))])
    }

    /// Acknowledges the records, then deletes their gradient blobs: committed or skipped, no one reads them again
    /// (a redelivered duplicate is recognised by its rollout ids before its payload is fetched).
    private func acknowledge(
        _ records: inout [BusRecord], _ blobs: inout [BlobID], _ subscription: any BusSubscription
    ) async throws {
        for record in records { try subscription.acknowledge(record) }
        records = []
        for blob in blobs { try await store.remove(blob) }
        blobs = []
    }
}
