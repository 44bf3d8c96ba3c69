import Fleet
import Foundation
import Messages
import RunConfiguration

/// What `FleetSupervisor` starts: how many of each worker, where they find their executables, and the settings every
/// stage gets.
///
/// Layout of `runDirectory`: `blobs/` (the shared blob store), `checkpoint/` (the coordinator's, unless moved),
/// `run.yaml` (``childSettings``, what every child reads), `fleet.log` (every child's output, each line prefixed
/// with the child's name).
public struct FleetConfiguration: Sendable {
    public var runDirectory: URL
    /// The directory holding `tao-generator`, `tao-scorer`, `tao-trainer` and `tao-coordinator`.
    public var executables: URL
    /// Every stage's options: run id, staleness, sampling, scoring, loss, optimiser, base model, checkpoint
    /// directory. The children get them as ``childSettings``.
    public var settings: RunSettings
    /// How the children log (`log.format`, `log.level`).
    public var log = RunConfiguration.Log()
    public var generators = 1
    public var scorers = 1
    public var trainers = 1
    /// Also start a second coordinator that waits as a standby.
    public var standbyCoordinator = false
    /// Brokers of the embedded cluster.
    public var brokers = 1
    /// librdkafka properties for every child (`--kafka-option key=value`). Short group timeouts are added
    /// unless given: the embedded broker makes a late group member wait `session.timeout.ms` − 1 s.
    public var kafkaOptions: [String] = []
    /// How long a child may take to exit after SIGTERM before it gets SIGKILL.
    public var stopDeadline: Duration = .seconds(10)
    /// Variables every child gets unless this process's environment sets them. `MALLOC_ARENA_MAX=2`: glibc gives
    /// every allocating thread an arena of its own (librdkafka runs a thread per broker), and memory freed in an
    /// arena after a broker outage stays mapped, so a trainer's RSS stepped up at every broker fault (61 → 66 MiB
    /// in 12 minutes); with two it rose by at most 1 MiB under the same faults (docs/reliability.md). The image
    /// sets the same.
    public var childEnvironment: [String: String] = ["MALLOC_ARENA_MAX": "2"]
    /// Restart children that exit on their own, with backoff (`tao up` does); nil: leave them stopped (tests that
    /// kill and restart children themselves).
    public var restart: RestartPolicy?

    /// A fleet over the base model at `baseModel` (a Hugging Face Llama directory) with default settings, its blob
    /// store and checkpoint in `runDirectory`.
    public init(runDirectory: URL, executables: URL, baseModel: String) {
        self.runDirectory = runDirectory
        self.executables = executables
        var coordinator = RunSettings.Coordinator(baseModel: baseModel)
        coordinator.checkpointDir = runDirectory.appendingPathComponent("checkpoint", isDirectory: true).path
        settings = RunSettings(
            shared: RunSettings.Shared(blobStore: runDirectory.appendingPathComponent("blobs", isDirectory: true).path),
            coordinator: coordinator)
    }

    public var topics: FleetTopics { FleetTopics(runId: settings.shared.runId) }
    public var blobStore: URL { runDirectory.appendingPathComponent("blobs", isDirectory: true) }
    /// The coordinators' checkpoint directory: `<run dir>/checkpoint` unless `settings` moves it.
    public var checkpointDirectory: URL { URL(fileURLWithPath: settings.coordinator.checkpointDir, isDirectory: true) }
    public var logFile: URL { runDirectory.appendingPathComponent("fleet.log") }
    /// The children's run configuration, `<run dir>/run.yaml`.
    public var configFile: URL { runDirectory.appendingPathComponent("run.yaml") }

    /// What every child reads from ``configFile``: `settings` with the two things the fleet decides itself — the
    /// blob store is `<run dir>/blobs`, and each child serves its metrics on a free port (which it prints, and the
    /// supervisor scrapes).
    public var childSettings: RunSettings {
        var settings = settings
        settings.shared.blobStore = blobStore.path
        settings.shared.metricsPort = 0
        return settings
    }

    /// ``childSettings`` as the YAML run configuration the children read. The Kafka connection is not in it: it can
    /// hold credentials, so it travels on the command line.
    public func childConfigurationFile() throws -> String {
        var configuration = RunConfiguration()
        configuration.settings = childSettings
        configuration.log = log
        return try ConfigurationReport.yaml(configuration, omitting: ["kafka.bootstrap", "kafka.properties"])
    }

    /// The command line of every child: the Kafka connection, `--config`, and as flags the two values the fleet
    /// decides (flags beat the environment, so a `TAO_METRICS_PORT` meant for one process cannot make every child
    /// bind the same port). No other stage option is spelled here; they all travel in ``configFile``.
    public func childArguments(bootstrap: String) -> [String] {
        ["--kafka-bootstrap", bootstrap] + effectiveKafkaOptions.flatMap { ["--kafka-option", $0] }
            + ["--config", configFile.path, "--blob-store", blobStore.path, "--metrics-port", "0"]
    }

    /// The directory of the running executable: where SwiftPM and installs put `tao` and its sibling workers.
    public static var siblingExecutables: URL {
        let path = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return path.resolvingSymlinksInPath().deletingLastPathComponent()
    }

    /// `kafkaOptions` with the embedded broker's short group timeouts filled in.
    var effectiveKafkaOptions: [String] {
        var options = kafkaOptions
        for (key, value) in [("session.timeout.ms", "6000"), ("heartbeat.interval.ms", "1000")]
        where !options.contains(where: { $0.hasPrefix(key + "=") }) {
            options.append("\(key)=\(value)")
        }
        return options
    }

    func validate() throws {
        guard generators >= 1, scorers >= 1, trainers >= 1 else {
            throw FleetRuntimeError.invalidConfiguration("every stage needs at least one replica")
        }
        for name in ["tao-generator", "tao-scorer", "tao-trainer", "tao-coordinator"] {
            let path = executables.appendingPathComponent(name).path
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw FleetRuntimeError.missingExecutable(name: name, directory: executables.path)
            }
        }
    }
}
