import Fleet
import Foundation
import TestSupport
import Testing

/// `tao up`'s children get their options from one typed source: every child's command line is the Kafka connection,
/// `--config <run-dir>/run.yaml` and the two values the fleet decides; a stage reads the file, the environment and
/// its flags in that order, and says where a bad value came from.
@Suite struct FleetChildCommandLineTests {
    @Test func childCommandLinesSpellNoStageFlag() throws {
        let configuration = try FleetFixture.configuration(runId: "argv")
        defer { FleetFixture.remove(configuration) }
        let arguments = configuration.childArguments(bootstrap: "127.0.0.1:9")
        #expect(arguments == [
            "--kafka-bootstrap", "127.0.0.1:9", "--kafka-option", "session.timeout.ms=6000",
            "--kafka-option", "heartbeat.interval.ms=1000", "--config", configuration.configFile.path,
            "--blob-store", configuration.blobStore.path, "--metrics-port", "0",
        ])
        let settings = configuration.childSettings
        #expect(settings.shared.runId == "argv" && settings.shared.metricsPort == 0)
        #expect(settings.shared.blobStore == configuration.blobStore.path)
        #expect(settings.generator.samples == 4 && settings.scorer.scorers == "format")
        #expect(settings.coordinator.checkpointDir == configuration.checkpointDirectory.path)
    }

    @Test func aStageReadsTheChildFileAndItsOverrides() throws {
        let configuration = try FleetFixture.configuration(runId: "mix")
        defer { FleetFixture.remove(configuration) }
        try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        try Data(configuration.childConfigurationFile().utf8).write(to: configuration.configFile)
        let generator = configuration.executables.appendingPathComponent("tao-generator")

        let (status, report) = try Self.run(
            generator, ["--config", configuration.configFile.path, "--temperature", "0.5", "--dry-run"],
            environment: ["TAO_GENERATOR_MAX_TOKENS": "12"])
        #expect(status == 0, "\(report)")
        #expect(report.contains("generator.samples: 4"), "\(report)")
        #expect(report.range(of: #"generator.temperature: 0.5 +# flag --temperature"#, options: .regularExpression) != nil, "\(report)")
        #expect(report.range(of: #"generator.max-tokens: 12 +# env TAO_GENERATOR_MAX_TOKENS"#, options: .regularExpression) != nil, "\(report)")
        #expect(report.contains("run.id: mix") && report.contains(configuration.configFile.path + ":"), "\(report)")

        let (badStatus, bad) = try Self.run(
            generator, ["--config", configuration.configFile.path], environment: ["TAO_GENERATOR_TOP_P": "2"])
        #expect(badStatus != 0)
        #expect(bad.contains("env TAO_GENERATOR_TOP_P: generator.top-p cannot be '2'"), "\(bad)")

        let (helpStatus, help) = try Self.run(configuration.executables.appendingPathComponent("tao-trainer"), ["--help"])
        #expect(helpStatus == 0 && help.contains("--config <file>") && help.contains("TAO_TRAINER_LOSS"), "\(help)")
    }

    @Test func withLogFormatJSONAStageLogsOneObjectPerLine() async throws {
        let configuration = try FleetFixture.configuration(runId: "json-log")
        defer { FleetFixture.remove(configuration) }
        let log = configuration.runDirectory.appendingPathComponent("generator.log")
        try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = configuration.executables.appendingPathComponent("tao-generator")
        process.arguments = ["--kafka-bootstrap", "127.0.0.1:9", "--blob-store", configuration.blobStore.path]
        process.environment = ProcessInfo.processInfo.environment.merging(["TAO_LOG_FORMAT": "json"]) { $1 }
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        defer { process.terminate(); process.waitUntilExit() }
        var started: [String: String]?
        try await eventually("the generator logs that it runs", within: .seconds(60), polling: .milliseconds(100)) {
            let lines = (try String(contentsOf: log, encoding: .utf8)).split(separator: "\n")
            started = lines.lazy.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] }
                .first { $0["message"]?.contains("generator running on run") == true }
            return started != nil
        }
        #expect(started?["label"] == "tao.generator" && started?["level"] == "info")
        let lines = (try String(contentsOf: log, encoding: .utf8)).split(separator: "\n")
        #expect(lines.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil }, "every line is JSON")
    }

    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
