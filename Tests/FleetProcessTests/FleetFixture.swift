import Fleet
import FleetRuntime
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Llama
import Messages

/// What the process tests share: a tiny random base model on disk, the built stage executables, a fleet
/// configuration with short timeouts, and a plain HTTP GET.
enum FleetFixture {
    /// A tiny random Llama over bytes, written as a Hugging Face directory (config, safetensors, tokenizer.json).
    ///
    /// Small on purpose: its gradients (~13k floats) travel inline in update records, and the embedded broker keeps
    /// at most 5 MiB per partition, dropping the oldest records beyond that — a bigger model would let a crash test's
    /// unconsumed updates fall off the 1-partition updates topic before the restarted coordinator reads them.
    static func writeBaseModel(to url: URL) throws {
        let config = LlamaConfig(
            vocabSize: 259, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 2,
            numKeyValueHeads: 1, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)
        try LlamaModel(config: config, seed: 1).save(to: url, tokenizerJSON: try ByteTokenizer().tokenizerJSON())
    }

    /// The directory with tao-generator & co.: next to the test bundle (SwiftPM's build products directory).
    static func executables() throws -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/debug"),
        ].compactMap { $0 }
        for directory in candidates
        where FileManager.default.isExecutableFile(atPath: directory.appendingPathComponent("tao-coordinator").path) {
            return directory
        }
        throw FleetRuntimeError.missingExecutable(name: "tao-coordinator", directory: candidates.map(\.path).joined(separator: " or "))
    }

    /// A fleet of one replica per stage in a fresh run directory, with a small, fast configuration.
    static func configuration(runId: String) throws -> FleetConfiguration {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-fleet-process-\(UUID())")
        let model = directory.appendingPathComponent("base-model")
        try writeBaseModel(to: model)
        var configuration = FleetConfiguration(
            runDirectory: directory.appendingPathComponent("run"), executables: try executables(), baseModel: model.path)
        configuration.settings.shared.runId = runId
        (configuration.settings.generator.samples, configuration.settings.generator.maxTokens) = (4, 8)
        configuration.settings.generator.temperature = 1
        configuration.settings.scorer.scorers = "format"
        configuration.settings.coordinator.updatesPerVersion = 2
        configuration.settings.coordinator.learningRate = 0.01
        configuration.stopDeadline = .seconds(15)
        return configuration
    }

    static func prompts(_ prefix: String, count: Int) -> [PromptMessage] {
        (0..<count).map { PromptMessage(id: "\(prefix)-\($0)", task: "arithmetic", text: "\($0)+\($0 * 7)=") }
    }

    /// GET `url`: status and body.
    static func get(_ url: URL) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: url)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// On failure: the fleet's log (without librdkafka's config notices) and the checkpoint, to stderr, so a
    /// failed run says what each process did.
    static func dumpLog(_ configuration: FleetConfiguration, ledger: FleetLedger) {
        let log = (try? String(contentsOf: configuration.logFile, encoding: .utf8)) ?? "(no log)"
        let lines = log.split(separator: "\n").filter { !$0.contains("CONFWARN") }
        let checkpoint = try? CheckpointStore(directory: configuration.checkpointDirectory).load()
        FileHandle.standardError.write(Data(("""
            ---- fleet.log (\(lines.count) lines) ----
            \(lines.suffix(150).joined(separator: "\n"))
            ---- ledger: prompts \(ledger.promptIDs.count) sampled \(ledger.sampledPromptIDs.count) rollouts \(ledger.rolloutIDs.count) \
            update records \(ledger.updateRecords) distinct updates \(ledger.updates.count) versions \(ledger.policyVersions.sorted())
            ---- checkpoint: v\(checkpoint?.version ?? -1) applied \(checkpoint?.appliedRolloutIDs.count ?? -1)
            missing: \(ledger.rolloutIDs.subtracting(checkpoint?.appliedRolloutIDs ?? []).sorted())

            """).utf8))
    }

    /// Starts a fleet on `configuration`, runs `body`, and stops it; on a failure, dumps the log first.
    static func withFleet(_ configuration: FleetConfiguration, _ body: (FleetSupervisor) async throws -> Void) async throws {
        let fleet = FleetSupervisor(configuration)
        do {
            try await fleet.start()
            try await body(fleet)
        } catch {
            let ledger = fleet.ledger
            await fleet.stop()
            dumpLog(configuration, ledger: ledger)
            throw error
        }
        await fleet.stop()
    }

    static func remove(_ configuration: FleetConfiguration) {
        try? FileManager.default.removeItem(at: configuration.runDirectory.deletingLastPathComponent())
    }
}
