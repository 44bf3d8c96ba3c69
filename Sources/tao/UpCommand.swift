import ArgumentParser
import Evaluation
import Experiments
import Fleet
import FleetBench
import FleetRuntime
import Foundation
import Messages
import RunConfiguration
import TaoCLI
import Tasks
import Tuning

/// `tao up`: the whole fleet on one machine — embedded broker in-process, each stage a child process.
struct UpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "up",
        abstract: "Run the whole fleet on this machine: embedded Kafka plus generator, scorer, trainer and coordinator processes.",
        discussion: """
            Starts librdkafka's mock cluster in this process with the run's topics, then tao-generator, \
            tao-scorer, tao-trainer (as many of each as asked) and one tao-coordinator (plus an optional \
            standby) as child processes found next to this executable. Their output goes, each line prefixed \
            with the child's name, to <run-dir>/fleet.log; the blob store is <run-dir>/blobs and the \
            coordinator's checkpoint <run-dir>/checkpoint unless --checkpoint-dir says otherwise (a second `tao up` on the same --run-dir resumes from it).

            Prompts come from --prompts FILE (JSON lines {"id", "task", "text"}) and/or --task NAME --count N \
            (a built-in task's generated prompts), and from any producer on <run>.prompts — tao serve writes the \
            traffic it answers there; with neither flag, the fleet waits for those. The terminal shows live progress once a second (prompts, \
            candidates, rollouts, policy version, mean reward, stale drops, dead letters, consumer lag per \
            stage); without a terminal, a summary line every 10 s.

            Runs until SIGINT/SIGTERM, --until-version or --duration; then stops the children with SIGTERM \
            (SIGKILL after 10 s) and shuts the broker down. Everything lives in memory in the broker: for \
            development and demos, not production (see docs/operations.md for running stages on a real cluster).

            Every setting can come from one run configuration (--config run.yaml; docs/configuration.md): the \
            children get the resolved configuration as <run-dir>/run.yaml. Flags override the file and TAO_* \
            environment variables; --dry-run prints the result with where each value came from.

            Example: tao up --base-model ./SmolLM2-135M --task arithmetic --count 200 --generators 2 \
            --updates-per-version 8 --until-version 20
            """)

    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id")) var runId: String?
    @Option(help: .key("fleet.run-dir", valueName: "dir")) var runDir: String?
    @Option(help: .key("fleet.generators")) var generators: Int?
    @Option(help: .key("fleet.scorers")) var scorers: Int?
    @Option(help: .key("fleet.trainers")) var trainers: Int?
    @Flag(help: .key("fleet.standby-coordinator")) var standbyCoordinator = false
    @Option(help: .key("run.max-lag")) var maxLag: Int?
    @Option(help: .key("prompts.file", valueName: "file")) var prompts: String?
    @Option(help: .key("prompts.task", valueName: "name")) var task: String?
    @Option(help: .key("prompts.count")) var count: Int?
    @Option(help: .key("prompts.seed")) var promptSeed: UInt64?
    @Option(help: ArgumentHelp("Stop once this policy version is committed.", valueName: "version")) var untilVersion: Int?
    @Option(help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds")) var duration: Double?
    @Option(name: .customLong("scorer-config"), help: .key("scorer.scorers", valueName: "config")) var scorerConfig: String?
    @Option(
        name: .customLong("kafka-option"),
        help: ArgumentHelp("A librdkafka property for every child, key=value (repeatable).", valueName: "key=value"))
    var kafkaOptions: [String] = []
    @OptionGroup(title: "Generator") var generator: GeneratorOptions
    @OptionGroup(title: "Trainer") var trainer: TrainerOptions
    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions

    /// The typed flags that were given, as configuration overrides.
    private var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(runId, "run.id", "--run-id"), .given(runDir, "fleet.run-dir", "--run-dir"),
            .given(generators, "fleet.generators", "--generators"), .given(scorers, "fleet.scorers", "--scorers"),
            .given(trainers, "fleet.trainers", "--trainers"),
            .given(flag: standbyCoordinator, "fleet.standby-coordinator", "--standby-coordinator"),
            .given(maxLag, "run.max-lag", "--max-lag"), .given(prompts, "prompts.file", "--prompts"),
            .given(task, "prompts.task", "--task"), .given(count, "prompts.count", "--count"),
            .given(promptSeed, "prompts.seed", "--prompt-seed"), .given(kafkaOptions, "kafka.properties", "--kafka-option"),
            .given(scorerConfig, "scorer.scorers", "--scorer-config"),
        ]
        return given.compactMap { $0 } + generator.overrides + trainer.overrides + coordinator.overrides
    }

    func run() async throws {
        let resolved = try config.resolve(command: "tao up", flags: overrides, requiring: ["model.base"])
        let run = resolved.configuration
        if let task = run.prompts.task { _ = try BuiltInTasks.task(named: task) }
        let runDirectory = URL(fileURLWithPath: run.fleet.runDir, isDirectory: true)
        var configuration = FleetConfiguration(
            runDirectory: runDirectory, executables: FleetConfiguration.siblingExecutables,
            baseModel: run.settings.coordinator.baseModel)
        (configuration.generators, configuration.scorers, configuration.trainers) =
            (run.fleet.generators, run.fleet.scorers, run.fleet.trainers)
        configuration.standbyCoordinator = run.fleet.standbyCoordinator
        configuration.log = run.log
        // The Kafka properties travel to the children as flags: they may hold credentials, so never in a file.
        configuration.kafkaOptions = run.kafka.properties.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        // Every stage option, typed; the supervisor writes them once to <run-dir>/run.yaml for the children.
        let checkpointDir = configuration.settings.coordinator.checkpointDir
        configuration.settings = run.settings
        // The checkpoint stays in the run directory unless the configuration moves it.
        configuration.settings.coordinator.checkpointDir = resolved.source(of: "coordinator.checkpoint-dir") == .defaultValue
            ? checkpointDir
            : URL(fileURLWithPath: run.settings.coordinator.checkpointDir, isDirectory: true).path

        // As an orchestrator would: a child that dies is restarted with backoff, the fleet keeps running.
        configuration.restart = RestartPolicy()
        let fleet = FleetSupervisor(configuration)
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        do {
            try await fleet.start()
            try await fleet.feed(try loadPrompts(run.prompts))
        } catch {
            await fleet.stop()
            throw error
        }
        Console.line("tao up: broker \(fleet.bootstrapServers ?? "?"), run '\(run.settings.shared.runId)', log \(configuration.logFile.path)")
        if run.prompts.file == nil && run.prompts.task == nil {
            Console.line("tao up: no prompts given: waiting for them on \(configuration.topics.prompts.name) (tao serve, kcat)")
        }
        let reason = await watch(fleet, signals: signals)
        print(FleetProgressView.line(await fleet.snapshot()))
        print("tao up: \(reason); stopping the fleet")
        await fleet.stop()
    }

    /// Shows progress until a stop condition; returns why it stopped.
    private func watch(_ fleet: FleetSupervisor, signals: ShutdownSignals) async -> String {
        let (untilVersion, duration) = (untilVersion, duration)
        return await withTaskGroup(of: String.self) { group in
            group.addTask { await signals.first().map { "signal \($0)" } ?? "cancelled" }
            group.addTask {
                var view = FleetProgressView()
                for await progress in fleet.progress(every: .seconds(1)) {
                    view.show(progress)
                    if let untilVersion, let version = progress.policyVersion, version >= untilVersion {
                        return "policy version \(version) reached"
                    }
                    if let duration, progress.elapsed >= duration { return "\(Int(duration)) s elapsed" }
                }
                return "progress ended"
            }
            let reason = await group.next() ?? "stopped"
            group.cancelAll()
            return reason
        }
    }

    private func loadPrompts(_ source: RunConfiguration.Prompts) throws -> [PromptMessage] {
        var result: [PromptMessage] = []
        if let prompts = source.file {
            let text = try String(contentsOfFile: prompts, encoding: .utf8)
            for (index, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    result.append(try JSONDecoder().decode(PromptMessage.self, from: Data(line.utf8)))
                } catch {
                    throw ValidationError("\(prompts):\(index + 1) is not a prompt {\"id\", \"task\", \"text\"}: \(error)")
                }
            }
        }
        if let task = source.task {
            result += try BuiltInTasks.task(named: task).prompts(count: source.count, seed: source.seed).map(PromptMessage.init)
        }
        return result
    }
}
