import ArgumentParser
import Fleet
import FleetRuntime
import Observability
import RunConfiguration
import TaoCLI

/// The fleet's trainer stage: a thin entry point over `TrainerService`.
@main
struct TaoTrainerCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-trainer",
        abstract: "Consumes rollouts, computes the RL loss, produces policy updates.",
        discussion: """
            Consumes <run>.rollouts as a member of group <run>.trainers and produces one tao.update/1 record per \
            scored group on <run>.updates (1 partition, keyed by base version): the gradient of the RL loss at \
            the newest policy it has loaded, inline or (over 16 KiB) as a blob in --blob-store. An update's \
            identity is its rollout's, so the coordinator drops redeliveries exactly. Rollouts sampled more than \
            --max-lag versions before the newest announced policy are dropped and counted.

            Follows <run>.policy from its beginning like the generators. Ready (/readyz) once a policy is \
            loaded and the consumer holds partitions. Metrics: tao_updates_produced_total, \
            tao_stale_rollouts_dropped_total, tao_dead_letters_total, tao_policy_version, tao_consumer_lag_messages.

            Settings come from the run configuration (--config FILE, docs/configuration.md), then TAO_* \
            environment variables, then flags; --dry-run prints the result with the source of every value.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var trainer: TrainerOptions

    var stageOverrides: [ConfigurationOverride] { trainer.overrides }

    func run() async throws {
        let run = try runConfiguration()
        run.log.bootstrap()
        let shared = run.settings.shared
        let service = TrainerService(
            topics: shared.topics, settings: try run.settings.trainer.serviceSettings(maxLag: shared.maxLag).trusting(shared),
            store: try shared.store())
        let runtime = WorkerRuntime(
            stage: "trainer", topics: shared.topics, kafka: try run.kafka.clientConfiguration(),
            metricsHost: shared.metricsHost, metricsPort: shared.metricsPort)
        let (metrics, logger) = (runtime.metrics, runtime.logger)
        runtime.requirePolicy(service.holder, maxLag: shared.maxLag)
        try await runtime.run(inputTopic: shared.topics.rollouts.name, refresh: {
            metrics.advance(FleetMetric.staleRolloutsDropped, to: service.staleDropped)
            runtime.recordPolicyVersion(service.holder)
        }) { bus in
            try await service.run(bus: bus, observe: { metrics.observe($1) }, onError: { logger.warning("\($0)") })
        }
    }
}
