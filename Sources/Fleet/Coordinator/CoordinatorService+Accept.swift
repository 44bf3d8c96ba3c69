import Blobs
import Messages

extension CoordinatorService {
    /// What became of one update record.
    enum Verdict {
        /// Its gradients are in the pending sum; `rollouts` join the pending step.
        case applied(rollouts: [String], blob: BlobID?)
        /// A duplicate or stale update: acknowledged with the batch, never applied.
        case skipped(blob: BlobID?)
        /// Unusable: dead-lettered with `reason`, never applied.
        case rejected(reason: String, blob: BlobID?)
    }

    /// Adds an update's gradients to the pending sum, or says why not. Each update's gradient blob is its own (the
    /// trainer writes the update id into it), so it is deleted with the batch whatever the verdict.
    func accept(
        _ record: BusRecord, checkpoint: CoordinatorCheckpoint, pending: Set<String>, state: CoordinatorState
    ) async throws -> Verdict {
        let update: UpdateMessage
        do {
            update = try WireCodec.decode(UpdateMessage.self, from: record.value)
            try update.check(
                kind: state.updateKind, newestCommitted: checkpoint.version, maxPayloadBytes: state.maxUpdateBytes)
            try settings.trustedKeys.verify(update)
        } catch {
            return .rejected(reason: "\(error)", blob: nil)
        }
        var blob: BlobID?
        if case .blob(let sha256, _) = update.payload { blob = try? BlobID(sha256: sha256) }
        // A duplicate by id, or the same prompt sampled again by a newer version: a prompt whose generator crashed
        // after sampling it but before committing its offset is sampled again after the restart, under a new rollout
        // id. Trained once either way.
        let applied = checkpoint.appliedRolloutIDs.union(pending)
        let appliedPrompts = Set(applied.compactMap(RolloutID.promptID(of:)))
        if update.rolloutIDs.contains(where: {
            applied.contains($0) || RolloutID.promptID(of: $0).map(appliedPrompts.contains) ?? false
        }) {
            counters.count(\.duplicates)
            return .skipped(blob: blob)
        }
        // Taken at a version a fenced coordinator committed: not the weights that version number names now.
        if let epoch = update.baseEpoch, checkpoint.fences(epoch: epoch, version: update.baseVersion) {
            logger.warning("coordinator: \(StaleDrop.line(rolloutIDs: update.rolloutIDs, reason: "update \(update.id) was taken at v\(update.baseVersion) of fenced epoch \(epoch)"))")
            counters.count(\.stale)
            return .skipped(blob: blob)
        }
        // `check` made sure every rollout id names its version.
        guard let oldest = update.oldestVersion,
            PolicyLag(maxLag: settings.maxLag).accepts(oldest, newest: checkpoint.version)
        else {
            logger.info("coordinator: \(StaleDrop.line(rolloutIDs: update.rolloutIDs, reason: "update \(update.id) is more than \(settings.maxLag) versions behind v\(checkpoint.version)"))")
            counters.count(\.stale)
            return .skipped(blob: blob)
        }
        do {
            let gradients = try await fetch(update.payload)
            let name = "update \(update.id)"
            try await worker.run { try state.add(gradients: gradients, name: name) }
        } catch let failure as StageFailure {
            throw failure
        } catch {
            return .rejected(reason: "update \(update.id): \(error)", blob: blob)
        }
        counters.count(\.applied)
        return .applied(rollouts: update.rolloutIDs, blob: blob)
    }

    /// The payload's bytes. A blob that is not there, not what its id says, or not the size announced is the
    /// record's fault (thrown as it is); any other trouble reading the store is the coordinator's own, retried and
    /// then thrown as a `StageFailure`.
    private func fetch(_ payload: Payload) async throws -> [UInt8] {
        guard case .blob(let sha256, let size) = payload else { return try await PolicyCodec.fetch(payload, store: store) }
        let id = try BlobID(sha256: sha256)
        do {
            return try await retry.run(
                shouldRetry: { !Self.isRecordFault($0) },
                onRetry: { [logger] attempt, error, delay in
                    logger.warning("coordinator: reading blob \(id) failed (\(error)); retry \(attempt) in \(delay)")
                }
            ) { try await store.get(id, expectedSize: size) }
        } catch let error where !Self.isRecordFault(error) && !(error is CancellationError) {
            throw StageFailure("reading blob \(id) from the blob store", underlying: error)
        }
    }

    /// Errors that say the blob named by a record is bad, not that the store is unwell.
    static func isRecordFault(_ error: any Error) -> Bool {
        error is BlobStoreError || error is ZstdError
    }
}
