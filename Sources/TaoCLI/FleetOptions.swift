import ArgumentParser
import Blobs
import Fleet
import Foundation
import Messages

/// The options every fleet stage shares: which run, where large payloads live, where to serve health and metrics,
/// and how stale work may be. Pull them in with `@OptionGroup var fleet: FleetOptions`.
public struct FleetOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "Run id: the stage uses the topics <run-id>.prompts, .candidates, .rollouts, .updates, .policy, .dead-letter.",
        valueName: "id"))
    public var runId = "tao"

    @Option(help: ArgumentHelp(
        "Directory of the shared blob store (weights, gradients, optimiser state), the same for every stage.",
        discussion: "On one machine a local directory; across machines a shared volume (NFS, a PVC).",
        valueName: "dir"))
    public var blobStore: String

    @Option(help: ArgumentHelp(
        "Serve /healthz, /readyz and /metrics on this port (9464 suggested; 0 picks a free one). Off if not given.",
        valueName: "port"))
    public var metricsPort: Int?

    @Option(help: ArgumentHelp("Address the health/metrics server binds (0.0.0.0 in a container).", valueName: "host"))
    public var metricsHost = "127.0.0.1"

    @Option(help: ArgumentHelp(
        "Staleness limit: work from a policy more than this many versions behind the newest is not used.",
        valueName: "versions"))
    public var maxLag = 4

    public init() {}

    public func validate() throws {
        guard !runId.isEmpty, runId.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) else {
            throw ValidationError("--run-id may only contain letters, digits, '.', '_' and '-'")
        }
        if let metricsPort, !(0...65535).contains(metricsPort) {
            throw ValidationError("--metrics-port must be 0…65535, got \(metricsPort)")
        }
        guard maxLag >= 0 else { throw ValidationError("--max-lag must not be negative, got \(maxLag)") }
    }

    /// The run's topics.
    public var topics: FleetTopics { FleetTopics(runId: runId) }

    /// The blob store at `--blob-store` (created if missing).
    public func store() throws -> DirectoryBlobStore {
        try DirectoryBlobStore(root: URL(fileURLWithPath: blobStore, isDirectory: true))
    }
}

extension FleetOptions {
    /// These options as the shared part of a run's settings.
    public func runSettings() -> RunSettings.Shared {
        var part = RunSettings.Shared(blobStore: blobStore)
        part.runId = runId
        part.metricsPort = metricsPort
        part.metricsHost = metricsHost
        part.maxLag = maxLag
        return part
    }

    /// The options `part` describes, validated as if they had been given as flags. (Built on a
    /// value: assigning a wrapped property inside an initializer would re-create its ArgumentParser definition.)
    public init(_ part: RunSettings.Shared) throws {
        var options = Self()
        options.runId = part.runId
        options.blobStore = part.blobStore
        options.metricsPort = part.metricsPort
        options.metricsHost = part.metricsHost
        options.maxLag = part.maxLag
        try options.validate()
        self = options
    }
}
