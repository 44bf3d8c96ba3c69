import ArgumentParser
import Fleet
import FleetRuntime
import Observability
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

            Given --settings FILE (what tao up passes its children), every option but --kafka-bootstrap and \
            --kafka-option comes from that run settings file, and any other flag is refused.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var trainer: TrainerOptions
    @OptionGroup(title: "Run settings") var settingsFile: SettingsFileOption

    mutating func adopt(_ settings: RunSettings) throws {
        trainer = try TrainerOptions(settings.trainer)
    }

    func run() async throws {
        let service = TrainerService(
            topics: fleet.topics, settings: trainer.settings(maxLag: fleet.maxLag), store: try fleet.store())
        let runtime = WorkerRuntime(
            stage: "trainer", topics: fleet.topics, kafka: try kafka.configuration(),
            metricsHost: fleet.metricsHost, metricsPort: fleet.metricsPort)
        let (metrics, logger) = (runtime.metrics, runtime.logger)
        runtime.requirePolicy(service.holder, maxLag: fleet.maxLag)
        try await runtime.run(inputTopic: fleet.topics.rollouts.name, refresh: {
            metrics.advance(FleetMetric.staleRolloutsDropped, to: service.staleDropped)
            runtime.recordPolicyVersion(service.holder)
        }) { bus in
            try await service.run(bus: bus, observe: { metrics.observe($1) }, onError: { logger.warning("\($0)") })
        }
    }
}
