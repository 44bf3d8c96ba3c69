import Fleet
import Foundation
import Testing

/// The run settings file: what `tao up` writes once and every child reads.
@Suite struct RunSettingsTests {
    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tao-run-settings-\(UUID()).json")
    }

    @Test func aSettingsFileReadsBackEqual() throws {
        let file = Self.scratch()
        defer { try? FileManager.default.removeItem(at: file) }
        var settings = RunSettings(shared: .init(blobStore: "/run/blobs"), coordinator: .init(baseModel: "/models/base"))
        settings.shared.metricsPort = 0
        settings.generator.templates = ["arithmetic": "Q: {text}\nA:"]
        settings.generator.seed = .max
        settings.trainer.loss = .bestOfN
        settings.coordinator.learningRate = 3e-4
        try settings.write(to: file)
        #expect(try RunSettings(contentsOf: file) == settings)
        let json = try String(contentsOf: file, encoding: .utf8)
        #expect(json.contains("\"best-of-n\"") && json.contains("\"/models/base\""))
    }

    @Test func aFileMissingAFieldIsRefusedWithItsPath() throws {
        let file = Self.scratch()
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(#"{"shared": {"runId": "r", "blobStore": "/b", "metricsHost": "h", "maxLag": 1}}"#.utf8).write(to: file)
        let error = #expect(throws: RunSettingsError.self) { try RunSettings(contentsOf: file) }
        #expect(try #require(error).description.contains("generator is missing"))

        try Data(#"{"shared": {"runId": 1}}"#.utf8).write(to: file)
        let mismatch = #expect(throws: RunSettingsError.self) { try RunSettings(contentsOf: file) }
        #expect(try #require(mismatch).description.contains("shared.runId"))
    }
}
