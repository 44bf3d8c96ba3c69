import ArgumentParser
import Evaluation
import Experiments
import Fleet
import FleetBench
import FleetRuntime
import Foundation
import Messages
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
            (a built-in task's generated prompts). The terminal shows live progress once a second (prompts, \
            candidates, rollouts, policy version, mean reward, stale drops, dead letters, consumer lag per \
            stage); without a terminal, a summary line every 10 s.

            Runs until SIGINT/SIGTERM, --until-version or --duration; then stops the children with SIGTERM \
            (SIGKILL after 10 s) and shuts the broker down. Everything lives in memory in the broker: for \
            development and demos, not production (see docs/operations.md for running stages on a real cluster).

            Example: tao up --base-model ./SmolLM2-135M --task arithmetic --count 200 --generators 2 \
            --updates-per-version 8 --until-version 20
            """)

    @Option(help: "Run id: topic names start with it.") var runId = "tao"
    @Option(help: ArgumentHelp("Directory for the blob store, checkpoint and fleet.log.", valueName: "dir"))
    var runDir = "tao-run"
    @Option(help: "Generator processes.") var generators = 1
    @Option(help: "Scorer processes.") var scorers = 1
    @Option(help: "Trainer processes.") var trainers = 1
    @Flag(help: "Also start a standby coordinator that takes over if the active one dies.") var standbyCoordinator = false
    @Option(help: "Staleness limit in policy versions (every stage).") var maxLag = 4
    @Option(help: ArgumentHelp("Prompts to feed: JSON lines of {\"id\", \"task\", \"text\"}.", valueName: "file"))
    var prompts: String?
    @Option(help: ArgumentHelp("Feed generated prompts of this built-in task (arithmetic, sql, docqa).", valueName: "name"))
    var task: String?
    @Option(help: "How many --task prompts.") var count = 100
    @Option(help: "Seed of the --task prompts.") var promptSeed: UInt64 = 0
    @Option(help: ArgumentHelp("Stop once this policy version is committed.", valueName: "version")) var untilVersion: Int?
    @Option(help: ArgumentHelp("Stop after this many seconds.", valueName: "seconds")) var duration: Double?
    @Option(
        name: .customLong("scorer-config"),
        help: ArgumentHelp("The scorers' configuration (tao-scorer --scorers), e.g. 'verifier+0.2*format'.", valueName: "config"))
    var scorerConfig = "verifier"
    @Option(
        name: .customLong("kafka-option"),
        help: ArgumentHelp("A librdkafka property for every child, key=value (repeatable).", valueName: "key=value"))
    var kafkaOptions: [String] = []
    @OptionGroup(title: "Generator") var generator: GeneratorOptions
    @OptionGroup(title: "Trainer") var trainer: TrainerOptions
    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions

    func validate() throws {
        guard generators >= 1, scorers >= 1, trainers >= 1 else {
            throw ValidationError("--generators, --scorers and --trainers must be at least 1")
        }
        guard prompts != nil || task != nil else {
            throw ValidationError("nothing to learn from: give --prompts FILE or --task NAME (e.g. --task arithmetic)")
        }
        if let task { _ = try BuiltInTasks.task(named: task) }
    }

    func run() async throws {
        let runDirectory = URL(fileURLWithPath: runDir, isDirectory: true)
        var configuration = FleetConfiguration(
            runDirectory: runDirectory, executables: FleetConfiguration.siblingExecutables,
            baseModel: coordinator.baseModel)
        (configuration.generators, configuration.scorers, configuration.trainers) = (generators, scorers, trainers)
        configuration.standbyCoordinator = standbyCoordinator
        configuration.kafkaOptions = kafkaOptions
        // Every stage option, typed; the supervisor writes them once to <run-dir>/settings.json for the children.
        configuration.settings.shared.runId = runId
        configuration.settings.shared.maxLag = maxLag
        configuration.settings.generator = try generator.runSettings()
        configuration.settings.scorer.scorers = scorerConfig
        configuration.settings.trainer = trainer.runSettings()
        var coordinatorSettings = coordinator.runSettings()
        // The checkpoint stays in the run directory unless --checkpoint-dir moves it.
        coordinatorSettings.checkpointDir = coordinator.checkpointDir == CoordinatorOptions.defaultCheckpointDir
            ? configuration.settings.coordinator.checkpointDir
            : URL(fileURLWithPath: coordinator.checkpointDir, isDirectory: true).path
        configuration.settings.coordinator = coordinatorSettings

        let fleet = FleetSupervisor(configuration)
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        do {
            try await fleet.start()
            try await fleet.feed(try loadPrompts())
        } catch {
            await fleet.stop()
            throw error
        }
        print("tao up: broker \(fleet.bootstrapServers ?? "?"), run '\(runId)', log \(configuration.logFile.path)")
        let reason = await watch(fleet, signals: signals)
        print(FleetProgressView.line(await fleet.snapshot()))
        print("tao up: \(reason); stopping the fleet")
        await fleet.stop()
    }

    /// Shows progress until a stop condition; returns why it stopped.
    private func watch(_ fleet: FleetSupervisor, signals: ShutdownSignals) async -> String {
        let (untilVersion, duration, hasStandby) = (untilVersion, duration, standbyCoordinator)
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
                    if !hasStandby, progress.children.contains(where: { $0.name == "coordinator" && !$0.running }) {
                        return "the coordinator exited (see the log)"
                    }
                }
                return "progress ended"
            }
            let reason = await group.next() ?? "stopped"
            group.cancelAll()
            return reason
        }
    }

    private func loadPrompts() throws -> [PromptMessage] {
        var result: [PromptMessage] = []
        if let prompts {
            let text = try String(contentsOfFile: prompts, encoding: .utf8)
            for (index, line) in text.split(separator: "\n").enumerated() where !line.allSatisfy(\.isWhitespace) {
                do {
                    result.append(try JSONDecoder().decode(PromptMessage.self, from: Data(line.utf8)))
                } catch {
                    throw ValidationError("\(prompts):\(index + 1) is not a prompt {\"id\", \"task\", \"text\"}: \(error)")
                }
            }
        }
        if let task {
            result += try BuiltInTasks.task(named: task).prompts(count: count, seed: promptSeed).map(PromptMessage.init)
        }
        return result
    }
}
