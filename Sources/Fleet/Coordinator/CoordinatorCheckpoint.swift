import Foundation

/// What the coordinator has committed: the newest policy version, where its weights and optimiser state are, and
/// which updates it has applied. After a crash the fleet resumes from here; an update whose id is in
/// `appliedUpdateIDs` is never applied again.
public struct CoordinatorCheckpoint: Codable, Sendable, Equatable {
    public var version: Int
    /// SHA-256 of the uncompressed weights (safetensors) in the blob store.
    public var weights: String
    public var weightsSize: Int
    /// SHA-256 of the optimiser state blob, once any update was applied.
    public var optimizerState: String?
    /// Every update folded into `version` or earlier.
    public var appliedUpdateIDs: Set<String>
    /// The next offset to read from the updates topic, per partition (what `appliedUpdateIDs` covers).
    public var updateOffsets: [Int: Int64]

    public init(
        version: Int, weights: String, weightsSize: Int, optimizerState: String? = nil,
        appliedUpdateIDs: Set<String> = [], updateOffsets: [Int: Int64] = [:]
    ) {
        self.version = version
        self.weights = weights
        self.weightsSize = weightsSize
        self.optimizerState = optimizerState
        self.appliedUpdateIDs = appliedUpdateIDs
        self.updateOffsets = updateOffsets
    }
}

/// Reads and writes the coordinator's checkpoint in a directory, atomically: a new checkpoint is written to a
/// temporary file, flushed, and renamed over `checkpoint.json`, so a crash leaves either the old or the new one,
/// never a mix. Each version is also kept as `checkpoint-v<N>.json` for audits and rollbacks.
public struct CheckpointStore: Sendable {
    public let directory: URL

    public init(directory: URL) throws {
        self.directory = directory
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    public var current: URL { directory.appendingPathComponent("checkpoint.json") }

    /// The committed checkpoint, or nil before the first commit.
    public func load() throws -> CoordinatorCheckpoint? {
        guard let data = FileManager.default.contents(atPath: current.path) else { return nil }
        do {
            return try JSONDecoder().decode(CoordinatorCheckpoint.self, from: data)
        } catch {
            throw FleetError.corruptCheckpoint(path: current.path, detail: "\(error)")
        }
    }

    public func save(_ checkpoint: CoordinatorCheckpoint) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(checkpoint)
        try Self.atomicWrite(data, to: directory.appendingPathComponent("checkpoint-v\(checkpoint.version).json"))
        try Self.atomicWrite(data, to: current)
    }

    /// Write to a temporary file in the same directory, fsync it, rename it into place.
    static func atomicWrite(_ data: Data, to destination: URL) throws {
        let temporary = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).tmp")
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw FleetError.io("cannot create \(temporary.path): is the directory writable?")
        }
        let descriptor = open(temporary.path, O_RDONLY)
        if descriptor >= 0 {
            fsync(descriptor)
            close(descriptor)
        }
        guard rename(temporary.path, destination.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw FleetError.io("cannot rename \(temporary.path) to \(destination.path): \(reason)")
        }
    }
}
