import ArgumentParser
import Fleet
import FleetRuntime
import Observability
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

            Given --settings FILE (what tao up passes its children), every option but --kafka-bootstrap and \
            --kafka-option comes from that run settings file, and any other flag is refused.
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var fleet: FleetOptions
    @OptionGroup var generator: GeneratorOptions
    @OptionGroup(title: "Run settings") var settingsFile: SettingsFileOption

    mutating func adopt(_ settings: RunSettings) throws {
        generator = try GeneratorOptions(settings.generator)
    }

    func run() async throws {
        let service = GeneratorService(
            topics: fleet.topics, settings: try generator.settings(maxLag: fleet.maxLag), store: try fleet.store())
        let runtime = WorkerRuntime(
            stage: "generator", topics: fleet.topics, kafka: try kafka.configuration(),
            metricsHost: fleet.metricsHost, metricsPort: fleet.metricsPort)
        let (metrics, logger) = (runtime.metrics, runtime.logger)
        runtime.requirePolicy(service.holder, maxLag: fleet.maxLag)
        try await runtime.run(inputTopic: fleet.topics.prompts.name, refresh: {
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
