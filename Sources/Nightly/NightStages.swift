import Blocking
import Fleet
import Foundation
import Kafka
import Llama
import Logging
import Messages
import RunConfiguration
import Synchronization

/// The four stages of one night, in this process, on the night's bus: built from the run configuration exactly as
/// the stage executables build them, sharing one compute worker (two cores do not run two models' BLAS at once any
/// faster). Living in the nightly process, they stop with it: a killed night leaves no stage behind.
final class NightStages: Sendable {
    let coordinator: CoordinatorService
    let generator: GeneratorService
    let scorer: ScorerService
    let trainer: TrainerService
    /// Where version 0 comes from when the run has no checkpoint yet.
    let base: RunSettings.Coordinator
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let failure = Mutex<(any Error)?>(nil)
    private let deadLetters = Mutex<[String: Int]>([:])
    private let endedHere = Mutex<[String: Int]>([:])
    private let prompts = Atomic<Int>(0)

    init(run: RunConfiguration, kafka: KafkaConfiguration) throws {
        let settings = run.settings
        let (topics, maxLag) = (settings.shared.topics, settings.shared.maxLag)
        let store = try settings.shared.store()
        let worker = BlockingWorker(label: "tao.nightly.model")
        base = settings.coordinator
        coordinator = CoordinatorService(
            topics: topics, settings: settings.coordinator.serviceSettings(maxLag: maxLag), store: store,
            checkpoints: try CheckpointStore(
                directory: URL(fileURLWithPath: settings.coordinator.checkpointDir, isDirectory: true)),
            worker: worker, promotedVersions: { try await PromotedVersions.read(topics: topics, kafka: kafka) })
        generator = GeneratorService(
            topics: topics, settings: settings.generator.serviceSettings(maxLag: maxLag), store: store, worker: worker)
        scorer = ScorerService(topics: topics, scorerConfig: settings.scorer.scorers, registry: try settings.scorer.registry())
        trainer = TrainerService(
            topics: topics, settings: settings.trainer.serviceSettings(maxLag: maxLag), store: store, worker: worker)
    }

    /// Starts every stage; the first to fail stops the others and is kept for `check()`.
    func start(bus: any MessageBus, logger: Logger) {
        let running = Task { await self.runAll(bus: bus, logger: logger) }
        task.withLock { $0 = running }
    }

    private func runAll(bus: any MessageBus, logger: Logger) async {
        let base: @Sendable () throws -> LoadedPolicy = { [base] in try base.loadBaseModel() }
        let warn: @Sendable (String) -> Void = { logger.warning("\($0)") }
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.coordinator.run(bus: bus, base: base) }
                group.addTask {
                    try await self.generator.run(
                        bus: bus, observe: { record, outcome in
                            self.prompts.add(1, ordering: .relaxed)
                            self.observe(outcome, stage: "generator")
                        }, onError: warn)
                }
                group.addTask { try await self.scorer.run(bus: bus, observe: { self.observe($1, stage: "scorer") }) }
                group.addTask {
                    try await self.trainer.run(bus: bus, observe: { self.observe($1, stage: "trainer") }, onError: warn)
                }
                try await group.next()
                group.cancelAll()
            }
        } catch {
            if !(error is CancellationError) { failure.withLock { $0 = error } }
        }
    }

    private func observe(_ outcome: StageOutcome, stage: String) {
        switch outcome {
        case .deadLettered:
            deadLetters.withLock { $0[stage, default: 0] += 1 }
            endedHere.withLock { $0[stage, default: 0] += 1 }
        case .handled(let result) where result.records.isEmpty:
            endedHere.withLock { $0[stage, default: 0] += 1 }
        case .handled:
            break
        }
    }

    /// Records `stage` took that go no further down the pipeline: dead-lettered, or used up with nothing to publish
    /// (a held-back prompt).
    func ended(at stage: String) -> Int { endedHere.withLock { $0[stage, default: 0] } }

    /// Throws the error a stage failed with, if one has.
    func check() throws {
        if let error = failure.withLock({ $0 }) { throw error }
    }

    /// Prompts the generator handled (sampled, or dead-lettered).
    var promptsHandled: Int { prompts.load(ordering: .relaxed) }
    /// Records any stage sent to the dead-letter topic.
    var deadLettered: Int { deadLetters.withLock { $0.values.reduce(0, +) } + coordinator.statistics.deadLettered }

    /// Cancels the stages and waits for them to end.
    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        await running?.value
    }
}
