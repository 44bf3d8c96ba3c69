import ArgumentParser
import FleetRuntime
import Foundation
import Logging
import RunConfiguration
import Serving
import TaoCLI

/// `tao serve`: the run's policy behind OpenAI's API, feeding its traffic back to the run.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the run's policy over an OpenAI-compatible API, and write the served prompts back to the run.",
        discussion: """
            POST /v1/chat/completions and /v1/completions (streaming with "stream": true, as server-sent \
            events), GET /v1/models; /healthz, /readyz (ready once a policy is loaded) and /metrics on the same \
            port. Concurrent requests are decoded together in batches. Every response carries \
            X-Tao-Policy-Version (and system_fingerprint tao-policy-<version>): the policy version that answered, \
            or "base" for --model before the run has announced one.

            With serve.follow promoted (the default), tao serve answers with the version the promotion record \
            <run>.promotions names (tao gate decides; tao promote and tao rollback override), forward or back; \
            with newest, with each version the coordinator announces. A new version is swapped in between \
            batches: no request in flight fails. Each served prompt is written to \
            <run>.prompts (task: the request's metadata.task, else serve.traffic.task) through a bounded buffer, \
            so traffic becomes tuning data without a request ever waiting on Kafka; serve.traffic.redact strips \
            what must not leave the server.

            Example: tao serve --config run.yaml --port 8000
              then: curl localhost:8000/v1/chat/completions -d '{"model": "tao", "messages": [{"role": "user", "content": "2+2="}]}'
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @Option(help: .key("serve.host")) var host: String?
    @Option(help: .key("serve.port")) var port: Int?
    @Option(help: .key("serve.model-name")) var modelName: String?
    @Option(help: .key("serve.model", valueName: "dir|file|name")) var model: String?
    @Option(help: .key("serve.follow")) var follow: String?
    @Option(help: .key("serve.max-batch")) var maxBatch: Int?
    @Option(help: .key("serve.max-tokens")) var maxTokens: Int?
    @Flag(inversion: .prefixedNo, help: .key("serve.traffic.enabled")) var traffic: Bool?
    @Option(help: .key("generator.decode-precision")) var decodePrecision: String?

    private var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(host, "serve.host", "--host"), .given(port, "serve.port", "--port"),
            .given(modelName, "serve.model-name", "--model-name"), .given(model, "serve.model", "--model"),
            .given(follow, "serve.follow", "--follow"), .given(maxBatch, "serve.max-batch", "--max-batch"),
            .given(maxTokens, "serve.max-tokens", "--max-tokens"), .given(traffic, "serve.traffic.enabled", "--traffic"),
            .given(decodePrecision, "generator.decode-precision", "--decode-precision"),
        ]
        return kafka.overrides + fleet.overrides + given.compactMap { $0 }
    }

    func run() async throws {
        let resolved = try config.resolve(command: "tao serve", flags: overrides)
        var run = resolved.configuration
        // Following the run's policies means reading their weights from its blob store.
        if run.serve.follow != .none { try resolved.require(["run.blob-store"]) }
        if let model = run.serve.model { run.serve.model = try ModelReference.resolve(model).path }
        run.log.bootstrap()
        let logger = Logger(label: "tao.serve")
        let server = ServeServer(configuration: run, kafka: try run.kafka.clientConfiguration(), logger: logger)
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        let (host, name, runId) = (run.serve.host, run.serve.modelName, run.settings.shared.runId)
        let serving = Task {
            try await server.run { port in
                // The first line a supervisor or a test waits for: the bound port (serve.port 0 picks a free one).
                FileHandle.standardOutput.write(Data(
                    "tao serve: listening on http://\(host):\(port) (model '\(name)', run '\(runId)')\n".utf8))
            }
        }
        let stopped = Task { _ = await signals.first(); serving.cancel() }
        defer { stopped.cancel() }
        try await serving.value
    }
}
