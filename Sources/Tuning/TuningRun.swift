import Blobs
import Blocking
import Evaluation
import Fleet
import Foundation
import Llama
import Messages
import Synchronization
import Tasks

/// The whole TAO loop in one process: coordinator, generator, scorer and trainer services on a message bus (the
/// embedded broker in `tao demo`, an in-memory cluster in tests), fed with unlabeled prompts for a budget.
///
/// Prompts are published with flow control — at most ``TuningSettings/promptsInFlight`` not yet trained on — so
/// candidates are sampled from a recent policy and few groups go stale. When the budget is spent, publishing stops,
/// the run waits (bounded) for what is in flight, and returns the coordinator's newest committed version, loaded
/// from the blob store exactly as a worker would load it.
public struct TuningRun: Sendable {
    public let settings: TuningSettings
    public let topics: FleetTopics
    public let store: any BlobStore
    /// The coordinator's checkpoint directory.
    public let checkpointDirectory: URL

    public init(settings: TuningSettings, store: any BlobStore, checkpointDirectory: URL) {
        self.settings = settings
        self.topics = FleetTopics(runId: settings.runId)
        self.store = store
        self.checkpointDirectory = checkpointDirectory
    }

    /// Runs the loop; the run's topics must already exist on `bus`'s cluster.
    /// - Parameters:
    ///   - base: version 0 (called once, on the coordinator's worker).
    ///   - prompts: unlabeled prompts, used in order; the budget stops earlier ones from running out.
    ///   - progress: called about every `progressInterval`, and once at the end.
    ///   - snapshots: when set, `snapshots.save` gets the committed policy each time the version has advanced by at
    ///     least `snapshots.every` since the last one (loaded from the blob store as a worker would), and the final
    ///     policy; for curves of accuracy across versions, measured after the run.
    /// - Returns: the newest committed policy, the final progress and the mean reward by sampling version.
    public func run(
        base: @escaping @Sendable () throws -> LoadedPolicy, prompts: [TaskPrompt], budget: TuningBudget,
        bus: any MessageBus, progressInterval: Duration = .seconds(2), snapshots: TuningSnapshots? = nil,
        progress: @escaping @Sendable (TuningProgress) -> Void = { _ in }
    ) async throws -> TuningOutcome {
        let closing = ClosingBus(bus)
        let stages = StageTasks()
        do {
            let result = try await feed(
                base: base, prompts: prompts, budget: budget, bus: closing, stages: stages,
                progressInterval: progressInterval, snapshots: snapshots, progress: progress)
            await stages.stop(closing)
            return result
        } catch {
            await stages.stop(closing)
            throw error
        }
    }

    private func feed(
        base: @escaping @Sendable () throws -> LoadedPolicy, prompts: [TaskPrompt], budget: TuningBudget,
        bus: any MessageBus, stages stageTasks: StageTasks, progressInterval: Duration, snapshots: TuningSnapshots?,
        progress: @escaping @Sendable (TuningProgress) -> Void
    ) async throws -> TuningOutcome {
        let s = settings
        let checkpoints = try CheckpointStore(directory: checkpointDirectory)
        let coordinator = CoordinatorService(
            topics: topics,
            settings: CoordinatorSettings(
                updatesPerVersion: s.updatesPerVersion,
                schedule: LearningRateSchedule(peak: s.learningRate, warmupSteps: s.warmupSteps),
                maxGradNorm: s.maxGradNorm, maxLag: s.maxLag, adapter: s.adapter),
            store: store, checkpoints: checkpoints)
        let generator = GeneratorService(
            topics: topics,
            settings: GeneratorSettings(
                samplesPerPrompt: s.samplesPerPrompt, sampling: s.sampling, maxLag: s.maxLag,
                decodePrecision: s.decodePrecision),
            store: store)
        let scorer = ScorerService(topics: topics, scorerConfig: s.scorerConfig, registry: s.scorers)
        let trainer = TrainerService(
            topics: topics, settings: TrainerSettings(loss: s.loss, maxLag: s.maxLag), store: store)
        let monitor = TuningMonitor()
        let stageFailure = Mutex<(any Error)?>(nil)

        let stages = Task {
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await coordinator.run(bus: bus, base: base) }
                    group.addTask { try await generator.run(bus: bus, observe: monitor.handled) }
                    group.addTask { try await scorer.run(bus: bus, observe: monitor.handled) }
                    group.addTask { try await trainer.run(bus: bus, observe: monitor.handled) }
                    group.addTask { try await monitor.follow(bus: bus, topics: topics) }
                    // The first stage to fail ends the run; the others are cancelled.
                    try await group.next()
                    group.cancelAll()
                }
            } catch {
                if !(error is CancellationError) { stageFailure.withLock { $0 = error } }
            }
        }
        stageTasks.task.withLock { $0 = stages }

        let clock = ContinuousClock()
        let started = clock.now
        let limit = min(budget.prompts, prompts.count)
        var sent = 0
        func snapshot() -> TuningProgress {
            let done = coordinator.statistics
            return TuningProgress(
                version: done.versions, promptsSent: sent,
                promptsDone: done.applied + done.stale + done.duplicates + done.deadLettered + trainer.staleDropped
                    + monitor.rejected,
                stale: done.stale + trainer.staleDropped, recentReward: monitor.recentReward,
                elapsed: clock.now - started)
        }
        var nextReport = started + progressInterval
        func report() {
            guard clock.now >= nextReport else { return }
            nextReport = clock.now + progressInterval
            progress(snapshot())
        }
        var lastSnapshot = 0
        func takeSnapshot() async throws {
            // The counter first: reading the checkpoint on every pass of the loop would cost more than the loop.
            guard let snapshots, coordinator.statistics.versions >= lastSnapshot + snapshots.every,
                  let checkpoint = try checkpoints.load(), checkpoint.version >= lastSnapshot + snapshots.every
            else { return }
            lastSnapshot = checkpoint.version
            try await snapshots.save(try await PolicyCodec.load(
                checkpoint.announcement, store: store, worker: BlockingWorker(label: "tao.tuning.snapshot")))
        }
        var basePinned = false
        /// A LoRA run's base is one blob every version refers to: an evicting store must keep it (it is read again
        /// by every snapshot and the final load). Looked for until found: a checkpoint read or two.
        func pinBase() throws {
            guard !basePinned, let recent = store as? RecentBlobStore else { return }
            guard let announcement = try checkpoints.load()?.announcement else { return }
            basePinned = true
            if case .blob(let sha256, _)? = announcement.adapter?.base { recent.pin(try BlobID(sha256: sha256)) }
        }
        // Publish with flow control until the budget is spent.
        while sent < limit, budget.duration.map({ clock.now - started < $0 }) ?? true {
            let room = s.promptsInFlight - (sent - snapshot().promptsDone)
            if room > 0 {
                let batch = prompts[sent..<min(limit, sent + room)]
                try await bus.publish(try batch.map { prompt in
                    let message = PromptMessage(prompt)
                    return OutgoingRecord(
                        topic: topics.prompts.name, key: prompt.id, value: try WireCodec.encode(message))
                })
                sent += batch.count
            }
            if let failure = stageFailure.withLock({ $0 }) { throw failure }
            try pinBase()
            report()
            try await takeSnapshot()
            try await Task.sleep(for: .milliseconds(20))
        }
        // Drain what is in flight (bounded: a stage that died must not hang the run).
        // Then wait for the commit of every full set of applied updates (applying is counted before the commit).
        let drainEnd = clock.now + .seconds(60)
        func drained() -> Bool {
            let statistics = coordinator.statistics
            return snapshot().promptsDone >= sent && statistics.versions >= statistics.applied / s.updatesPerVersion
                && monitor.groupsSeen >= statistics.applied
        }
        while !drained(), clock.now < drainEnd {
            if let failure = stageFailure.withLock({ $0 }) { throw failure }
            report()
            try await Task.sleep(for: .milliseconds(20))
        }
        let final = snapshot()
        progress(final)
        guard let checkpoint = try checkpoints.load() else {
            throw TuningError.noPolicyCommitted(directory: checkpointDirectory.path)
        }
        let policy = try await PolicyCodec.load(
            checkpoint.announcement, store: store, worker: BlockingWorker(label: "tao.tuning.load"))
        if let snapshots, policy.version > lastSnapshot { try await snapshots.save(policy) }
        return TuningOutcome(policy: policy, progress: final, rewardByVersion: monitor.rewardByVersion)
    }
}

/// The running stages of a run, stopped once at its end: cancelled, then their subscriptions closed.
final class StageTasks: Sendable {
    let task = Mutex<Task<Void, Never>?>(nil)

    func stop(_ bus: ClosingBus) async {
        task.withLock { $0 }?.cancel()
        await bus.closeAll()
    }
}
