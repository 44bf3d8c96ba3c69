import Blobs
import Messages

/// Which policy versions a long run keeps in its blob store: the newest `keepVersions`, and every version ever
/// promoted (what serves now, and what a rollback may return to). Older versions' weights and optimiser states are
/// deleted — except blobs a kept version shares (a LoRA run's base, an unchanged tokenizer: blobs are
/// content-addressed, so one blob may belong to many versions).
public struct BlobRetention: Sendable, Equatable {
    /// 0 keeps every version.
    public var keepVersions: Int

    public init(keepVersions: Int) {
        self.keepVersions = keepVersions
    }

    public static let keepAll = BlobRetention(keepVersions: 0)

    /// The versions among `versions` whose blobs may go.
    public func prunable(_ versions: [Int], promoted: Set<Int>) -> [Int] {
        guard keepVersions > 0 else { return [] }
        let newest = Set(versions.sorted().suffix(keepVersions))
        return versions.filter { !newest.contains($0) && !promoted.contains($0) }.sorted()
    }

    /// Every blob `checkpoint`'s version needs: its weights, tokenizer, adapter (and base), optimiser state.
    public static func blobs(of checkpoint: CoordinatorCheckpoint) -> Set<BlobID> {
        let announcement = checkpoint.announcement
        var payloads = [announcement.weights, announcement.tokenizer]
        if let adapter = announcement.adapter { payloads += [adapter.weights, adapter.base] }
        var ids = Set(payloads.compactMap { payload -> BlobID? in
            guard case .blob(let sha256, _) = payload else { return nil }
            return try? BlobID(sha256: sha256)
        })
        if let optimizer = checkpoint.optimizerState, let id = try? BlobID(sha256: optimizer) { ids.insert(id) }
        return ids
    }
}
