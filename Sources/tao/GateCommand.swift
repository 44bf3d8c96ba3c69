import ArgumentParser
import Fleet
import FleetRuntime
import Foundation
import Kafka
import Promotion
import RunConfiguration
import TaoCLI

/// `tao gate`: decides which policy version is promoted, and records why.
struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate",
        abstract: "Judge each new policy version (on a labeled dev file, or on held-back traffic) and promote or refuse it on <run>.promotions.",
        discussion: """
            Follows <run>.policy. Each version it judges (every gate.every versions) is measured by greedy \
            pass@1 on gate.dev-file against the promoted version: promoted when it is within gate.tolerance or \
            better, refused otherwise — with the reason and the figures, and a warning when the reward rose while \
            dev accuracy fell (the scorer rewards something other than correctness). With nothing promoted yet, \
            the first version judged (the base) is promoted as the starting point. tao serve follows the record. \
            Each decision is printed as a line of JSON.

            Without labels (no gate.dev-file), gate.held-back holds a share of the traffic back from training and \
            the gate compares the scorer's mean on the newest gate.held-back-prompts of it, sampled by both versions.

            Example: tao gate --config run.yaml --dev-file dev.jsonl --task arithmetic
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @Option(help: .key("gate.dev-file", valueName: "file")) var devFile: String?
    @Option(help: .key("gate.task")) var task: String?
    @Option(help: .key("gate.tolerance")) var tolerance: Double?
    @Option(help: .key("gate.every")) var every: Int?

    func run() async throws {
        let given: [ConfigurationOverride?] = [
            .given(devFile, "gate.dev-file", "--dev-file"), .given(task, "gate.task", "--task"),
            .given(tolerance, "gate.tolerance", "--tolerance"), .given(every, "gate.every", "--every"),
        ]
        let run = try config.resolve(
            command: "tao gate", flags: kafka.overrides + fleet.overrides + given.compactMap { $0 },
            requiring: ["run.blob-store"]
        ).configuration
        run.log.bootstrap()
        let shared = run.settings.shared
        let client = try run.kafka.clientConfiguration()
        let gate: GateService
        do {
            gate = try GateService(run: run, kafka: client)
        } catch let error as GateError {
            throw ValidationError(error.description)
        }
        let bus = try KafkaBus.connect(client)
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        let on = run.gate.devFile ?? "held-back traffic (\(run.settings.generator.heldBack) of \(shared.topics.prompts.name))"
        Console.line("tao gate: judging \(shared.topics.policy.name) on \(on) (tolerance \(run.gate.tolerance))")
        let judging = Task {
            try await gate.run(
                bus: bus, decided: { record in Console.line(PromotionJSON.line(record)) },
                onError: { FileHandle.standardError.write(Data("tao gate: \($0)\n".utf8)) })
        }
        let stopped = Task { _ = await signals.first(); judging.cancel() }
        defer { stopped.cancel() }
        do {
            try await judging.value
        } catch is CancellationError {}
        try? await bus.close()
    }
}
