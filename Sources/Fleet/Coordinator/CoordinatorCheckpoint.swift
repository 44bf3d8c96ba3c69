import Blobs
import Foundation
import Messages

/// What the coordinator has committed: the newest policy version (its announcement, which says where the weights
/// are), the optimiser state, and which rollouts have been trained on. After a crash the fleet resumes from here;
/// an update whose rollouts are in `appliedRolloutIDs` is never applied again.
public struct CoordinatorCheckpoint: Codable, Sendable, Equatable {
    public var announcement: PolicyAnnouncement
    /// SHA-256 of the optimiser-state blob (AdamW moments), once any update was applied.
    public var optimizerState: String?
    /// AdamW steps taken (one per committed version after the base).
    public var optimizerSteps: Int
    /// Rollouts folded into this version or earlier; pruned to those that could still arrive (see `prune`).
    public var appliedRolloutIDs: Set<String>
    /// The fencing epoch of the coordinator that wrote it (see ``CheckpointStore/claim(_:)``); 0 in checkpoints
    /// from before fencing.
    public var epoch: Int
    /// The latest claims (epoch, and the version it was claimed at), oldest first: what tells an update taken at a
    /// version a fenced coordinator committed from one of the same number in the lineage that continued.
    public var claims: [EpochClaim]

    public struct EpochClaim: Codable, Sendable, Hashable {
        public var epoch: Int
        public var version: Int
    }

    /// Claims kept: a claim happens once per takeover, so these cover months of a fleet.
    static let keptClaims = 64

    public var version: Int { announcement.version }

    /// Whether `version` as announced under `epoch` was committed by a coordinator fenced since: a later epoch was
    /// claimed at an older version.
    public func fences(epoch: Int, version: Int) -> Bool {
        claims.contains { $0.epoch > epoch && version > $0.version }
    }

    public init(
        announcement: PolicyAnnouncement, optimizerState: String? = nil, optimizerSteps: Int = 0,
        appliedRolloutIDs: Set<String> = [], epoch: Int = 0, claims: [EpochClaim] = []
    ) {
        self.claims = claims
        self.announcement = announcement
        self.optimizerState = optimizerState
        self.optimizerSteps = optimizerSteps
        self.appliedRolloutIDs = appliedRolloutIDs
        self.epoch = epoch
    }

    enum CodingKeys: String, CodingKey {
        case announcement, optimizerState, optimizerSteps, appliedRolloutIDs, epoch, claims
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            announcement: try container.decode(PolicyAnnouncement.self, forKey: .announcement),
            optimizerState: try container.decodeIfPresent(String.self, forKey: .optimizerState),
            optimizerSteps: try container.decode(Int.self, forKey: .optimizerSteps),
            appliedRolloutIDs: try container.decode(Set<String>.self, forKey: .appliedRolloutIDs),
            epoch: try container.decodeIfPresent(Int.self, forKey: .epoch) ?? 0,
            claims: try container.decodeIfPresent([EpochClaim].self, forKey: .claims) ?? [])
    }

    /// Forgets rollouts sampled more than `max(maxLag, dedupeVersions)` versions before `version` (keeping one
    /// version of slack). An update that carries one older than `maxLag` is judged by that version too, so it is
    /// dropped as stale before the applied ids are consulted, and forgetting the id cannot let it be applied twice.
    /// The ids kept beyond `maxLag` are for prompts, not rollouts: a prompt sampled again under a newer version
    /// (its generator died before committing its offset) is recognised by its prompt id while the first rollout is
    /// remembered. Ids without a version cannot arrive (updates naming one are refused), so they are forgotten too.
    /// The set stays bounded by the rollouts of the last `max(maxLag, dedupeVersions)` versions in a loop that runs
    /// for months.
    public mutating func prune(maxLag: Int, dedupeVersions: Int = 0) {
        let oldestKept = version - max(maxLag, dedupeVersions) - 1
        appliedRolloutIDs = appliedRolloutIDs.filter { id in
            guard let sampled = RolloutID.policyVersion(of: id) else { return false }
            return sampled >= oldestKept
        }
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

    /// Takes the coordinator role over with a new fencing epoch: the committed checkpoint (or `checkpoint`, if
    /// none is on disk yet) is written again with an epoch one above any seen, its announcement stamped with it.
    /// Called by the instance that has just been given the updates partition; from then on a coordinator still
    /// holding an older epoch (one paused past its session, then resumed) is refused by ``save(_:)`` and ignored by
    /// every stage that reads the new epoch's announcement. Returns the claimed checkpoint.
    public func claim(_ checkpoint: CoordinatorCheckpoint) throws -> CoordinatorCheckpoint {
        let committed = try load()
        var claimed = committed.map { $0.version >= checkpoint.version ? $0 : checkpoint } ?? checkpoint
        claimed.epoch = max(committed?.epoch ?? 0, checkpoint.epoch) + 1
        claimed.announcement.epoch = claimed.epoch
        claimed.claims = Array((claimed.claims + [.init(epoch: claimed.epoch, version: claimed.version)])
            .suffix(CoordinatorCheckpoint.keptClaims))
        try save(claimed)
        return claimed
    }

    /// Writes `checkpoint` as the committed one, unless a newer epoch has claimed the role since: then it throws
    /// `FleetError.fenced` and writes nothing more. The epoch is checked before each of the two files is renamed into
    /// place, after its bytes are fsynced, so a coordinator paused during the slow part of a write (the fsync, which
    /// under load takes long enough for a standby to take over) finds the claim when it resumes and renames nothing.
    /// (The check and a rename are still two steps; a coordinator paused in the instant between them can still
    /// write once, and the stages' epoch check ignores what it then announces. POSIX has no rename that is
    /// conditional on a file's content, and a lock would let a paused holder wedge the standby.)
    public func save(_ checkpoint: CoordinatorCheckpoint) throws {
        try requireNotFenced(checkpoint)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        let data = try encoder.encode(checkpoint)
        try DurableFile.write([UInt8](data), to: directory.appendingPathComponent("checkpoint-v\(checkpoint.version).json")) {
            try requireNotFenced(checkpoint)
        }
        Failpoints.pass("coordinator.mid-checkpoint")
        try DurableFile.write([UInt8](data), to: current) { try requireNotFenced(checkpoint) }
    }

    /// - Throws: `FleetError.fenced` when the committed checkpoint holds a newer epoch than `checkpoint`.
    func requireNotFenced(_ checkpoint: CoordinatorCheckpoint) throws {
        if let committed = try load(), committed.epoch > checkpoint.epoch {
            throw FleetError.fenced(epoch: checkpoint.epoch, by: committed.epoch, version: checkpoint.version)
        }
    }

    /// The per-version checkpoints kept beside the current one (`checkpoint-v<N>.json`), by version.
    public func versionFiles() throws -> [Int: URL] {
        var result: [Int: URL] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            guard name.hasPrefix("checkpoint-v"), name.hasSuffix(".json"),
                  let version = Int(name.dropFirst("checkpoint-v".count).dropLast(".json".count))
            else { continue }
            result[version] = directory.appendingPathComponent(name)
        }
        return result
    }

    /// The checkpoint version `version` was committed with, if its file is still there.
    public func load(version: Int) throws -> CoordinatorCheckpoint? {
        let file = directory.appendingPathComponent("checkpoint-v\(version).json")
        guard let data = FileManager.default.contents(atPath: file.path) else { return nil }
        do {
            return try JSONDecoder().decode(CoordinatorCheckpoint.self, from: data)
        } catch {
            throw FleetError.corruptCheckpoint(path: file.path, detail: "\(error)")
        }
    }

    /// Marks version `version` pruned (its blobs were deleted): its checkpoint file is renamed
    /// `checkpoint-v<N>.pruned.json`, kept for audits (what the version applied) but no longer a version to load.
    public func markPruned(_ version: Int) throws {
        let file = directory.appendingPathComponent("checkpoint-v\(version).json")
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        let pruned = directory.appendingPathComponent("checkpoint-v\(version).pruned.json")
        try? FileManager.default.removeItem(at: pruned)
        try FileManager.default.moveItem(at: file, to: pruned)
    }
}
