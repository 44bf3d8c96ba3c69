import Blobs
import Foundation

extension CoordinatorService {
    /// Whether to prune after committing `version`: every half retention, so the store holds at most 1.5 × the kept
    /// versions between prunes.
    func prunesAfter(_ version: Int) -> Bool {
        let keep = settings.retention.keepVersions
        return keep > 0 && promotedVersions != nil && version % max(1, keep / 2) == 0
    }

    /// Deletes the blobs of versions the retention no longer keeps and marks their checkpoint files pruned. Never stops the
    /// coordinator: without the promotion record (it could not be read) nothing is pruned, and a blob that will not
    /// go is left for the next prune.
    func pruneBlobs(current: Int) async {
        guard let promotedVersions else { return }
        let promoted: Set<Int>
        do {
            promoted = try await promotedVersions()
        } catch {
            logger.warning("coordinator: not pruning: the promotion record could not be read (\(error))")
            return
        }
        do {
            let files = try await worker.run { [checkpoints] in try checkpoints.versionFiles() }
            let versions = files.keys.filter { $0 <= current }
            let drop = settings.retention.prunable(versions, promoted: promoted)
            guard !drop.isEmpty else { return }
            let keep = Set(versions).subtracting(drop)
            var kept = Set<BlobID>()
            for version in keep {
                if let checkpoint = try checkpoints.load(version: version) { kept.formUnion(BlobRetention.blobs(of: checkpoint)) }
            }
            var removed = 0
            for version in drop {
                guard let checkpoint = try checkpoints.load(version: version) else { continue }
                for id in BlobRetention.blobs(of: checkpoint).subtracting(kept) {
                    try await store.remove(id)
                    removed += 1
                }
                try checkpoints.markPruned(version)
            }
            logger.info(
                "coordinator: pruned v\(drop.first!)…v\(drop.last!) (\(drop.count) versions, \(removed) blobs); kept the newest \(settings.retention.keepVersions) and every promoted version")
        } catch {
            logger.warning("coordinator: pruning stopped: \(error); the next prune tries again")
        }
    }
}
