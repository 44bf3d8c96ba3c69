import Fleet
import Foundation
import Messages

/// Where every prompt a soak produced ended up, from the records of the fleet itself: the coordinator's per-version
/// checkpoints (which rollouts each version applied), the dead-letter topic, and the stages' stale-drop log lines.
/// A prompt in none of them is a miss; a prompt whose rollouts two versions applied is a duplicate.
public struct SoakAccounting: Sendable, Equatable, Codable {
    public var produced = 0
    public var poison = 0
    public var trained = 0
    public var deadLettered = 0
    public var stale = 0
    /// Prompt ids in none of the above.
    public var missing: [String] = []
    /// Prompt ids whose rollouts more than one version applied.
    public var duplicates: [String] = []
    /// Poison records that did not reach the dead-letter topic (they must all).
    public var poisonNotDeadLettered: [String] = []
    public var versions = 0

    public init() {}

    /// What a produced record was: its id, the SHA-256 of its bytes, and whether it was poison on purpose.
    public struct Produced: Sendable, Hashable {
        public var id: String
        public var sha256: String
        public var poison: Bool

        public init(id: String, sha256: String, poison: Bool) {
            self.id = id
            self.sha256 = sha256
            self.poison = poison
        }
    }

    /// - Parameters:
    ///   - applied: per committed version, the rollout ids its checkpoint lists as applied.
    ///   - staleRollouts: rollout ids the stages logged as dropped for age.
    public init(
        produced: [Produced], applied: [Int: Set<String>], deadLetteredSHA256: Set<String>,
        deadLetteredPromptIDs: Set<String>, staleRollouts: Set<String>
    ) {
        self.produced = produced.count
        versions = applied.keys.max() ?? 0
        // A rollout is newly applied by the first version listing it; the prune only ever forgets ids, so an id
        // that reappears after being forgotten was applied again.
        var applications: [String: Int] = [:]
        var previous: Set<String> = []
        for version in applied.keys.sorted() {
            let ids = applied[version] ?? []
            let new = ids.subtracting(previous)
            // A prompt re-sampled under a new rollout id is still one prompt: count applications per prompt.
            for prompt in Set(new.compactMap(RolloutID.promptID(of:))) { applications[prompt, default: 0] += 1 }
            previous = ids
        }
        duplicates = applications.filter { $0.value > 1 }.keys.sorted()
        let stalePrompts = Set(staleRollouts.compactMap(RolloutID.promptID(of:)))
        for record in produced {
            if record.poison {
                poison += 1
                if !deadLetteredSHA256.contains(record.sha256) { poisonNotDeadLettered.append(record.id) }
            }
            if applications[record.id] != nil {
                trained += 1
            } else if deadLetteredSHA256.contains(record.sha256) || deadLetteredPromptIDs.contains(record.id) {
                deadLettered += 1
            } else if stalePrompts.contains(record.id) {
                stale += 1
            } else {
                missing.append(record.id)
            }
        }
        missing.sort()
    }

    /// Per version, the applied rollout ids of the checkpoints in `directory` (pruned versions' files too).
    public static func appliedRollouts(in directory: URL) throws -> [Int: Set<String>] {
        var result: [Int: Set<String>] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) where name.hasPrefix("checkpoint-v") {
            let stem = name.dropFirst("checkpoint-v".count).prefix { $0.isNumber }
            guard let version = Int(stem), name.hasSuffix(".json") else { continue }
            let data = try Data(contentsOf: directory.appendingPathComponent(name))
            guard let checkpoint = try? JSONDecoder().decode(CoordinatorCheckpoint.self, from: data) else { continue }
            result[version] = checkpoint.appliedRolloutIDs
        }
        return result
    }

    /// Rollout ids named by stale-drop lines in the fleet's log.
    public static func staleRollouts(inLog log: String) -> Set<String> {
        staleRollouts(inLines: log.split(separator: "\n"))
    }

    /// Rollout ids named by the stale-drop lines among `lines`.
    static func staleRollouts(inLines lines: [Substring]) -> Set<String> {
        var ids: Set<String> = []
        for line in lines where line.contains("stale drop [") {
            ids.formUnion(StaleDrop.rolloutIDs(inLogLine: String(line)))
        }
        return ids
    }

    public var complete: Bool { missing.isEmpty && duplicates.isEmpty && poisonNotDeadLettered.isEmpty }
}
