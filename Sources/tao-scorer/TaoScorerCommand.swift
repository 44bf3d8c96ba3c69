import ArgumentParser
import Fleet
import FleetRuntime
import Observability
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

            Given --settings FILE (what tao up passes its children), every option but --kafka-bootstrap and \
            --kafka-option comes from that run settings file, and any other flag is refused.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var scorer: ScorerOptions
    @OptionGroup(title: "Run settings") var settingsFile: SettingsFileOption

    mutating func adopt(_ settings: RunSettings) throws {
        scorer = try ScorerOptions(settings.scorer)
    }

    func run() async throws {
        let service = ScorerService(topics: fleet.topics, scorerConfig: scorer.scorers)
        let runtime = WorkerRuntime(
            stage: "scorer", topics: fleet.topics, kafka: try kafka.configuration(),
            metricsHost: fleet.metricsHost, metricsPort: fleet.metricsPort)
        runtime.readiness.register("scorers-loaded") { .ready }  // ScorerOptions.validate() built them before we got here
        let metrics = runtime.metrics
        try await runtime.run(inputTopic: fleet.topics.candidates.name) { bus in
            try await service.run(bus: bus, observe: { metrics.observe($1) })
        }
    }
}
