import ArgumentParser
import RunConfiguration

/// The flags every fleet stage shares, over the `run` and `metrics` sections: which run, where large payloads live,
/// where to serve health and metrics, how stale work may be.
public struct FleetOptions: ParsableArguments, Sendable {
    @Option(help: .key("run.id", valueName: "id")) public var runId: String?
    @Option(help: .key("run.blob-store", valueName: "dir")) public var blobStore: String?
    @Option(help: .key("metrics.port", valueName: "port")) public var metricsPort: Int?
    @Option(help: .key("metrics.host", valueName: "host")) public var metricsHost: String?
    @Option(help: .key("run.max-lag", valueName: "versions")) public var maxLag: Int?

    public init() {}

    public var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(runId, "run.id", "--run-id"),
            .given(blobStore, "run.blob-store", "--blob-store"),
            .given(metricsPort, "metrics.port", "--metrics-port"),
            .given(metricsHost, "metrics.host", "--metrics-host"),
            .given(maxLag, "run.max-lag", "--max-lag"),
        ]
        return given.compactMap { $0 }
    }
}
