import Blobs
import Blocking
import Llama
import Messages

/// Follows the policy topic from its beginning and loads each newer announced version into a holder, so a stage
/// started at any time reaches the newest committed policy with nothing but the bus and the blob store.
///
/// The topic is read as no group's member (`MessageBus.read`): every process reads it whole, and no consumer group
/// is left behind per process. Only the newest announcement not yet loaded is loaded — reading from the start must
/// not load every historical version in turn. A load that fails is retried with backoff (`retry`) while no newer
/// version is announced; one that cannot succeed (an unreadable record, a bad checksum, non-finite weights, a
/// config that contradicts its weights), or still fails when the retries are used up, is given up on: its record
/// goes to the dead-letter topic with the reason, the version is withdrawn from the holder, and the watcher falls
/// back to the newest remaining announcement, so the stage never waits on a version it cannot have.
///
/// Fencing: an announcement from an older coordinator epoch than one already read is dead-lettered; a newer epoch
/// drops what it fences — pending versions, and the loaded policy if a fenced coordinator committed it — so the
/// stage reloads the version the new epoch was claimed at (`EpochFence`).
public struct PolicyWatcher: Sendable {
    public let topics: FleetTopics
    public let store: any BlobStore
    public let worker: BlockingWorker
    public let retry: RetryPolicy
    /// Announcements must carry a signature one of these verifies (none: not checked).
    public let trusted: TrustedKeys

    public init(
        topics: FleetTopics, store: any BlobStore, worker: BlockingWorker, retry: RetryPolicy = .standard,
        trusted: TrustedKeys = .none
    ) {
        self.trusted = trusted
        self.topics = topics
        self.store = store
        self.worker = worker
        self.retry = retry
    }

    /// Runs until cancelled or the subscription ends. `prepare` turns a loaded policy into what the stage keeps
    /// (e.g. a generator engine); it runs on the worker. `trainable` loads a LoRA policy as base + adapter.
    /// - Parameters:
    ///   - stage: names the stage in dead letters.
    ///   - observe: hears every policy record dead-lettered (the stage's channel for metrics).
    ///   - onError: hears every failure, for the process's log.
    public func run<Policy: Sendable>(
        bus: any MessageBus, stage: String, into holder: PolicyHolder<Policy>, trainable: Bool = false,
        prepare: @escaping @Sendable (LoadedPolicy) throws -> Policy,
        observe: @escaping @Sendable (BusRecord, StageOutcome) -> Void = { _, _ in },
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let subscription = try await bus.read(topics: [topics.policy.name])
        let pending = PendingAnnouncements()
        let letters = StageLoop(stage: stage, bus: bus, deadLetterTopic: topics.deadLetter.name)
        let baseCache = PolicyBaseCache()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { [self] in
                for await _ in pending.changes {
                    while let entry = pending.newest(above: holder.currentVersion) {
                        switch try await load(
                            entry, trainable: trainable, baseCache: baseCache, pending: pending, holder: holder,
                            onError: onError)
                        {
                        case .loaded(let loaded):
                            let policy = try await worker.run { try prepare(loaded) }
                            // Refused only when a newer epoch fenced it while it loaded; the fence dropped it from
                            // `pending` too.
                            if holder.install(policy, version: entry.version, epoch: entry.announcement.fencingEpoch) {
                                pending.removeThrough(entry.version)
                            }
                        case .superseded:
                            continue
                        case .failed(let reason):
                            onError("giving up on policy v\(entry.version): \(reason)")
                            let cause = DeadLetterCause(.policy, reason: "policy v\(entry.version) cannot be loaded: \(reason)")
                            try await bus.publish([try letters.deadLetter(entry.record, reason: cause.reason)])
                            observe(entry.record, .deadLettered(cause))
                            pending.remove(entry.version)
                            holder.withdraw(entry.version)
                        }
                    }
                }
            }
            tasks.addTask {
                defer { pending.finish() }
                var fence = EpochFence()
                while let record = try await subscription.next() {
                    let announcement: PolicyAnnouncement
                    do {
                        announcement = try WireCodec.decode(PolicyAnnouncement.self, from: record.value)
                        guard announcement.version >= 0 else {
                            throw PolicyError.invalid(version: announcement.version, reason: "the version is negative")
                        }
                        try trusted.verify(announcement)
                    } catch {
                        onError("unreadable policy record \(record.partition)/\(record.offset): \(error)")
                        let cause = DeadLetterCause(error)
                        try await bus.publish([try letters.deadLetter(record, reason: cause.reason)])
                        observe(record, .deadLettered(cause))
                        continue
                    }
                    switch fence.admit(announcement) {
                    case .current:
                        break
                    case .late:
                        continue
                    case .newEpoch:
                        pending.apply(fence)
                        holder.fence(fence)
                    case .fenced(let newest):
                        let cause = DeadLetterCause(.policy, reason: EpochFence.reason(announcement, newest: newest))
                        onError(cause.reason)
                        try await bus.publish([try letters.deadLetter(record, reason: cause.reason)])
                        observe(record, .deadLettered(cause))
                        continue
                    }
                    guard announcement.version > holder.currentVersion else { continue }
                    holder.announced(announcement.version)
                    pending.add(announcement, record: record)
                }
            }
            try await tasks.waitForAll()
        }
        try await subscription.close()
    }

    enum Outcome {
        case loaded(LoadedPolicy)
        /// A newer version was announced while this one kept failing: load that instead.
        case superseded
        case failed(String)
    }

    /// Loads `entry`, retrying what may pass (a blob not there yet, a store that is down) with backoff.
    private func load<Policy>(
        _ entry: PendingAnnouncements.Entry, trainable: Bool, baseCache: PolicyBaseCache,
        pending: PendingAnnouncements, holder: PolicyHolder<Policy>, onError: @Sendable (String) -> Void
    ) async throws -> Outcome {
        var attempt = 1
        while true {
            do {
                return .loaded(try await PolicyCodec.load(
                    entry.announcement, store: store, worker: worker, trainable: trainable, baseCache: baseCache))
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                holder.loadFailed(entry.version, reason: "\(error)")
                if Self.cannotSucceed(error) || attempt >= retry.attempts { return .failed("\(error)") }
                let wait = retry.delay(beforeRetry: attempt)
                onError("loading policy v\(entry.version) failed (\(error)); retry \(attempt) in \(wait)")
                try await Task.sleep(for: wait)
                if pending.newest(above: entry.version) != nil { return .superseded }
                attempt += 1
            }
        }
    }

    /// Errors that say the announcement itself is bad; retrying cannot help.
    static func cannotSucceed(_ error: any Error) -> Bool {
        switch error {
        case let blob as BlobStoreError:
            if case .notFound = blob { return false }
            return true
        case is PolicyError, is WireError, is ZstdError, is SafeTensorsError, is LlamaConfigError, is DecodingError:
            return true
        default:
            return false
        }
    }
}
