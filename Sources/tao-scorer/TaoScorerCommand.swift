import ArgumentParser
import Fleet
import FleetRuntime
import Observability
import Scoring
import TaoCLI
import Tasks

/// The fleet's scorer stage: a thin entry point over `ScorerService`.
@main
struct TaoScorerCommand: AsyncParsableCommand {
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
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var fleet: FleetOptions

    @Option(
        name: [.customLong("scorers"), .customLong("scorer-config")],
        help: ArgumentHelp("The scorer configuration, e.g. verifier or 'verifier+0.2*format'.", valueName: "config"))
    var scorers = "verifier"

    func validate() throws {
        let builds = BuiltInTasks.names.compactMap { name -> Bool? in
            guard let task = try? BuiltInTasks.task(named: name) else { return nil }
            return (try? ScorerRegistry.standard.makeScorer(config: scorers, for: task)) != nil
        }
        guard builds.contains(true) else {
            throw ValidationError(
                "--scorers '\(scorers)' builds for none of the built-in tasks (\(BuiltInTasks.names.joined(separator: ", "))); "
                    + "known scorers: \(ScorerRegistry.standard.names.joined(separator: ", "))")
        }
    }

    func run() async throws {
        let service = ScorerService(topics: fleet.topics, scorerConfig: scorers)
        let runtime = WorkerRuntime(
            stage: "scorer", topics: fleet.topics, kafka: try kafka.configuration(),
            metricsHost: fleet.metricsHost, metricsPort: fleet.metricsPort)
        runtime.readiness.register("scorers-loaded") { .ready }  // validate() built them before we got here
        let metrics = runtime.metrics
        try await runtime.run(inputTopic: fleet.topics.candidates.name) { bus in
            try await service.run(bus: bus, observe: { metrics.observe($1) })
        }
    }
}
