import Fleet
import Foundation
import Testing

/// `tao up`'s children get their options from one typed source: every child's command line is the Kafka connection
/// and `--settings <run-dir>/settings.json`, and a stage refuses any other flag beside it.
@Suite struct FleetChildCommandLineTests {
    @Test func childCommandLinesSpellNoStageFlag() throws {
        let configuration = try FleetFixture.configuration(runId: "argv")
        defer { FleetFixture.remove(configuration) }
        let arguments = configuration.childArguments(bootstrap: "127.0.0.1:9")
        #expect(arguments == [
            "--kafka-bootstrap", "127.0.0.1:9", "--kafka-option", "session.timeout.ms=6000",
            "--kafka-option", "heartbeat.interval.ms=1000", "--settings", configuration.settingsFile.path,
        ])
        let settings = configuration.childSettings
        #expect(settings.shared.runId == "argv" && settings.shared.metricsPort == 0)
        #expect(settings.shared.blobStore == configuration.blobStore.path)
        #expect(settings.generator.samples == 4 && settings.scorer.scorers == "format")
        #expect(settings.coordinator.checkpointDir == configuration.checkpointDirectory.path)
    }

    @Test func aStageGivenSettingsRefusesAnotherFlagAndSaysWhy() throws {
        let configuration = try FleetFixture.configuration(runId: "mix")
        defer { FleetFixture.remove(configuration) }
        try FileManager.default.createDirectory(at: configuration.runDirectory, withIntermediateDirectories: true)
        try configuration.childSettings.write(to: configuration.settingsFile)

        let (status, output) = try Self.run(
            configuration.executables.appendingPathComponent("tao-generator"),
            ["--settings", configuration.settingsFile.path, "--temperature", "0.5"])
        #expect(status != 0)
        #expect(output.contains("--temperature cannot be given with --settings FILE"), "\(output)")

        let (helpStatus, help) = try Self.run(configuration.executables.appendingPathComponent("tao-trainer"), ["--help"])
        #expect(helpStatus == 0 && help.contains("--settings <file>"), "\(help)")
    }

    static func run(_ executable: URL, _ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
