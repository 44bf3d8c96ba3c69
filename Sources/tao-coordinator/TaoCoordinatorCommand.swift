import ArgumentParser
import Fleet
import FleetRuntime
import Foundation
import Observability
import RunConfiguration
import TaoCLI

/// The fleet's coordinator stage: a thin entry point over `CoordinatorService`.
@main
struct TaoCoordinatorCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-coordinator",
        abstract: "Applies updates, commits policy versions, announces them on the policy topic.",
        discussion: """
            Consumes <run>.updates (1 partition) as the member of group <run>.coordinator. Every \
            --updates-per-version updates it averages their gradients into one AdamW step, stores the new \
            weights and optimiser state in --blob-store, writes checkpoint.json in --checkpoint-dir (atomically: \
            the announcement, the optimiser blob, the ids of every rollout applied) and only then announces the \
            version on <run>.policy and commits the updates' offsets. An update whose rollouts the checkpoint \
            already holds is dropped (a duplicate); one based on a policy more than --max-lag versions old is \
            dropped as stale; an unreadable one goes to <run>.dead-letter.

            A fresh run starts by publishing --base-model as version 0; with a checkpoint, it resumes from it and \
            re-announces its version. The coordinator is a singleton: a second instance in the same group gets \
            no partition and waits as a standby; when it takes the partition over it reloads the shared \
            checkpoint before applying anything. Ready (/readyz) once its checkpoint is restored. Metrics: \
            tao_updates_applied_total, tao_stale_rollouts_dropped_total, tao_dead_letters_total, tao_policy_version.

            Settings come from the run configuration (--config FILE, docs/configuration.md), then TAO_* \
            environment variables, then flags; --dry-run prints the result with the source of every value.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var coordinator: CoordinatorOptions

    var stageOverrides: [ConfigurationOverride] { coordinator.overrides }
    static var requiredKeys: [String] { ["run.blob-store", "model.base"] }

    func run() async throws {
        let run = try runConfiguration()
        run.log.bootstrap()
        let shared = run.settings.shared
        let coordinator = run.settings.coordinator
        let (topics, kafka) = (shared.topics, try run.kafka.clientConfiguration())
        let service = CoordinatorService(
            topics: topics, settings: try coordinator.serviceSettings(maxLag: shared.maxLag).signing(shared), store: try shared.store(),
            checkpoints: try CheckpointStore(directory: URL(fileURLWithPath: coordinator.checkpointDir, isDirectory: true)),
            promotedVersions: { try await PromotedVersions.read(topics: topics, kafka: kafka) })
        let runtime = WorkerRuntime(
            stage: "coordinator", topics: shared.topics, kafka: try run.kafka.clientConfiguration(),
            metricsHost: shared.metricsHost, metricsPort: shared.metricsPort)
        let (metrics, logger) = (runtime.metrics, runtime.logger)
        runtime.readiness.register("checkpoint-restored") {
            service.currentVersion != nil ? .ready : .notReady("restoring the checkpoint in \(service.checkpoints.directory.path)")
        }
        // A standby holds no partition and is still a healthy coordinator: no `kafka` readiness check.
        try await runtime.run(needsPartitions: false, refresh: {
            let counts = service.statistics
            metrics.advance(FleetMetric.updatesApplied, to: counts.applied)
            metrics.advance(FleetMetric.staleRolloutsDropped, to: counts.stale)
            metrics.advanceDeadLetters(to: counts.deadLettered, kind: .invalid)
            if let version = service.currentVersion { metrics.record(FleetMetric.policyVersion, Double(version)) }
        }) { bus in
            try await service.run(bus: bus, base: { try coordinator.loadBaseModel() })
        }
        let counts = service.statistics
        logger.info(
            "coordinator statistics: applied=\(counts.applied) duplicates=\(counts.duplicates) stale=\(counts.stale) deadLettered=\(counts.deadLettered) versions=\(counts.versions)")
    }
}
