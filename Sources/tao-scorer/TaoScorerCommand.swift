import ArgumentParser
import Fleet
import FleetRuntime
import Observability
import RunConfiguration
import TaoCLI

/// The fleet's scorer stage: a thin entry point over `ScorerService`.
@main
struct TaoScorerCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-scorer",
        abstract: "Consumes candidates, runs the configured scorers, produces rollouts.",
        discussion: """
            Consumes <run>.candidates as a member of group <run>.scorers and produces one tao.rollout/1 record \
            per candidates record on <run>.rollouts (keyed by prompt id): every sample's reward in [0, 1] and its \
            named components. Scores a whole group at once, so majority vote can compare the samples. Needs no \
            model and no blob store access beyond the shared options. Records it cannot score (unknown task, a \
            scorer that does not apply) go to <run>.dead-letter with the reason.

            Scorer configs: a '+'-separated weighted sum of built-in scorers — verifier (the task's own label-free \
            checker), arithmetic, sql-execution, grounding, majority, format — e.g. 'verifier+0.2*format'. \
            See docs/scoring.md.

            Ready (/readyz) once the configured scorers build for every built-in task they apply to and the \
            consumer holds partitions. Metrics: tao_rollouts_produced_total, tao_reward_mean, \
            tao_dead_letters_total, tao_consumer_lag_messages.

            Settings come from the run configuration (--config FILE, docs/configuration.md), then TAO_* \
            environment variables, then flags; --dry-run prints the result with the source of every value.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var scorer: ScorerOptions

    var stageOverrides: [ConfigurationOverride] { scorer.overrides }

    func run() async throws {
        let run = try runConfiguration()
        run.log.bootstrap()
        let shared = run.settings.shared
        let runtime = WorkerRuntime(
            stage: "scorer", topics: shared.topics, kafka: try run.kafka.clientConfiguration(),
            metricsHost: shared.metricsHost, metricsPort: shared.metricsPort)
        runtime.readiness.register("scorers-loaded") { .ready }  // the configuration built them for a built-in task before we got here
        let metrics = runtime.metrics
        let service = ScorerService(
            topics: shared.topics, scorerConfig: run.settings.scorer.scorers,
            registry: try run.settings.scorer.registry().observed { metrics.observe($0) })
        try await runtime.run(inputTopic: shared.topics.candidates.name) { bus in
            try await service.run(bus: bus, observe: { metrics.observe($1) })
        }
    }
}
