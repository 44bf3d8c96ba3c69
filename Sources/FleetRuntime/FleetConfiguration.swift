import Foundation
import Messages

/// What `FleetSupervisor` starts: how many of each worker, where they find their executables, and the options
/// passed through to each stage.
///
/// Layout of `runDirectory`: `blobs/` (the shared blob store), `checkpoint/` (the coordinator's, unless moved), `fleet.log`
/// (every child's output, each line prefixed with the child's name).
public struct FleetConfiguration: Sendable {
    public var runId = "tao"
    public var runDirectory: URL
    /// The directory holding `tao-generator`, `tao-scorer`, `tao-trainer` and `tao-coordinator`.
    public var executables: URL
    /// The coordinator's `--base-model`: a Hugging Face Llama directory.
    public var baseModel: String
    public var generators = 1
    public var scorers = 1
    public var trainers = 1
    /// Also start a second coordinator that waits as a standby.
    public var standbyCoordinator = false
    public var maxLag = 4
    /// Brokers of the embedded cluster.
    public var brokers = 1
    /// librdkafka properties for every child (`--kafka-option key=value`). Short group timeouts are added
    /// unless given: the embedded broker makes a late group member wait `session.timeout.ms` − 1 s.
    public var kafkaOptions: [String] = []
    /// Stage options, passed through as they are (e.g. `GeneratorOptions.arguments`).
    public var generatorArguments: [String] = []
    public var scorerArguments: [String] = []
    public var trainerArguments: [String] = []
    public var coordinatorArguments: [String] = []
    /// How long a child may take to exit after SIGTERM before it gets SIGKILL.
    public var stopDeadline: Duration = .seconds(10)

    /// The coordinators' checkpoint directory; `<run dir>/checkpoint` unless set.
    public var checkpointDirectory: URL

    public init(runDirectory: URL, executables: URL, baseModel: String) {
        self.runDirectory = runDirectory
        checkpointDirectory = runDirectory.appendingPathComponent("checkpoint", isDirectory: true)
        self.executables = executables
        self.baseModel = baseModel
    }

    public var topics: FleetTopics { FleetTopics(runId: runId) }
    public var blobStore: URL { runDirectory.appendingPathComponent("blobs", isDirectory: true) }
    public var logFile: URL { runDirectory.appendingPathComponent("fleet.log") }

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
