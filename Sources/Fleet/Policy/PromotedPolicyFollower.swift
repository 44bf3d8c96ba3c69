import Blobs
import Blocking
import Llama
import Messages

/// Follows the promotion record and loads the version it names — forward or back (a rollback) — so `tao serve`
/// answers with what the gate or an operator promoted, never a version merely announced.
///
/// Reads `<run>.policy` and `<run>.promotions` from their start as no group's member. A promoted version whose
/// announcement has not been read yet is loaded as soon as it is; one that cannot be loaded is reported and the
/// current policy stays.
public struct PromotedPolicyFollower: Sendable {
    public let topics: FleetTopics
    public let store: any BlobStore
    public let worker: BlockingWorker
    /// Announcements must be signed by one of these (none: not checked).
    public let trusted: TrustedKeys

    public init(topics: FleetTopics, store: any BlobStore, worker: BlockingWorker, trusted: TrustedKeys = .none) {
        self.trusted = trusted
        self.topics = topics
        self.store = store
        self.worker = worker
    }

    /// Runs until cancelled; `install` gets each newly promoted policy with its version.
    public func run(
        bus: any MessageBus, install: @escaping @Sendable (LoadedPolicy, Int) async throws -> Void,
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let subscription = try await bus.read(topics: [topics.policy.name, topics.promotions.name])
        var announcements: [Int: PolicyAnnouncement] = [:]
        var fence = EpochFence()
        var promoted: Int?
        var installed: Int?
        let baseCache = PolicyBaseCache()
        while let record = try await subscription.next() {
            do {
                if record.topic == topics.policy.name {
                    let announcement = try WireCodec.decode(PolicyAnnouncement.self, from: record.value)
                    try trusted.verify(announcement)
                    fence.add(announcement, to: &announcements)
                } else {
                    let decision = try WireCodec.decode(PromotionRecord.self, from: record.value)
                    if decision.promotes { promoted = decision.version }
                }
            } catch {
                onError("skipping unreadable record \(record.topic) \(record.partition)/\(record.offset): \(error)")
                continue
            }
            guard let version = promoted, version != installed, let announcement = announcements[version] else { continue }
            do {
                let policy = try await PolicyCodec.load(announcement, store: store, worker: worker, baseCache: baseCache)
                try await install(policy, version)
                installed = version
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                onError("cannot load promoted policy v\(version): \(error); still serving \(installed.map { "v\($0)" } ?? "nothing")")
                installed = version  // not retried until the record names another version
            }
        }
        try await subscription.close()
    }
}
