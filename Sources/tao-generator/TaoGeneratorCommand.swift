import ArgumentParser
import Fleet
import FleetRuntime
import Observability
import RunConfiguration
import TaoCLI

/// The fleet's generator stage: a thin entry point over `GeneratorService`.
@main
struct TaoGeneratorCommand: StageCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-generator",
        abstract: "Consumes prompts, samples N candidates per prompt with the newest policy, produces candidates.",
        discussion: """
            Consumes <run>.prompts as a member of group <run>.generators (run as many replicas as the topic has \
            partitions, 6 by default) and produces one tao.candidates/1 record per prompt on <run>.candidates, \
            keyed by prompt id. Follows <run>.policy from its beginning and loads each newer announced version \
            from the blob store; never samples with a policy more than --max-lag versions behind the newest. \
            Sampling is seeded by (--seed, prompt id, policy version), so a redelivered prompt yields the same \
            candidates. Unusable prompts go to <run>.dead-letter with the reason.

            Ready (/readyz) once a policy is loaded and the consumer holds partitions. Metrics: \
            tao_prompts_consumed_total, tao_candidates_produced_total, tao_dead_letters_total, tao_policy_version, \
            tao_consumer_lag_messages. SIGINT/SIGTERM: finish the current prompt, commit offsets, leave the group, exit 0.

            Example: tao-generator --kafka-bootstrap kafka:9092 --run-id run1 --blob-store /shared/blobs \
            --metrics-port 9464 -n 8 --temperature 1 --max-tokens 128 --template 'arithmetic=Q: {text}\\nA:'

            Settings come from the run configuration (--config FILE, docs/configuration.md), then TAO_* \
            environment variables, then flags; --dry-run prints the result with the source of every value.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var generator: GeneratorOptions

    var stageOverrides: [ConfigurationOverride] { generator.overrides }

    func run() async throws {
        let run = try runConfiguration()
        run.log.bootstrap()
        let shared = run.settings.shared
        let service = GeneratorService(
            topics: shared.topics, settings: try run.settings.generator.serviceSettings(maxLag: shared.maxLag).trusting(shared),
            store: try shared.store())
        let runtime = WorkerRuntime(
            stage: "generator", topics: shared.topics, kafka: try run.kafka.clientConfiguration(),
            metricsHost: shared.metricsHost, metricsPort: shared.metricsPort)
        let (metrics, logger) = (runtime.metrics, runtime.logger)
        runtime.requirePolicy(service.holder, maxLag: shared.maxLag)
        try await runtime.run(inputTopic: shared.topics.prompts.name, refresh: {
            runtime.recordPolicyVersion(service.holder)
        }) { bus in
            try await service.run(
                bus: bus,
                observe: { _, outcome in
                    metrics.increment(FleetMetric.promptsConsumed)
                    metrics.observe(outcome)
                },
                onError: { logger.warning("\($0)") })
        }
    }
}
