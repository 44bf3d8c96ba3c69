import Blobs
import Foundation
import Messages

/// Follows the policy topic from its beginning and loads each newer announced version into a holder, so a stage
/// started at any time reaches the newest committed policy with nothing but the bus and the blob store.
public struct PolicyWatcher: Sendable {
    public let topics: FleetTopics
    public let store: any BlobStore
    public let worker: BlockingWorker

    public init(topics: FleetTopics, store: any BlobStore, worker: BlockingWorker) {
        self.topics = topics
        self.store = store
        self.worker = worker
    }

    /// Runs until cancelled or the subscription ends. `prepare` turns a loaded policy into what the stage keeps
    /// (e.g. a generator engine); it runs on the worker. `trainable` loads a LoRA policy as base + adapter.
    /// - Parameter stage: names the watcher's private group (every process reads the whole topic).
    public func run<Policy: Sendable>(
        bus: any MessageBus, stage: String, into holder: PolicyHolder<Policy>, trainable: Bool = false,
        prepare: @escaping @Sendable (LoadedPolicy) throws -> Policy,
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let group = "\(topics.runId).policy-watch.\(stage).\(UUID().uuidString)"
        let subscription = try await bus.subscribe(group: group, topics: [topics.policy.name])
        // Only the newest unloaded announcement matters: reading the topic from the start must not load every
        // historical version in turn.
        let (newest, announce) = AsyncStream.makeStream(of: PolicyAnnouncement.self, bufferingPolicy: .bufferingNewest(1))
        let baseCache = PolicyBaseCache()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for await announcement in newest where announcement.version > holder.currentVersion {
                    do {
                        let loaded = try await PolicyCodec.load(
                            announcement, store: store, worker: worker, trainable: trainable, baseCache: baseCache)
                        holder.install(try await worker.run { try prepare(loaded) }, version: announcement.version)
                    } catch is CancellationError {
                        return
                    } catch {
                        // A version this worker cannot load is reported and skipped; the next one may load.
                        onError("cannot load policy v\(announcement.version): \(error)")
                    }
                }
            }
            tasks.addTask {
                defer { announce.finish() }
                while let record = try await subscription.next() {
                    do {
                        let announcement = try WireCodec.decode(PolicyAnnouncement.self, from: record.value)
                        holder.announced(announcement.version)
                        announce.yield(announcement)
                    } catch {
                        onError("skipping unreadable policy record \(record.partition)/\(record.offset): \(error)")
                    }
                    try subscription.acknowledge(record)
                }
            }
            try await tasks.waitForAll()
        }
        try await subscription.close()
    }
}
