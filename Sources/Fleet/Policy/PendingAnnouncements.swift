import Messages
import Synchronization

/// Announcements read from the policy topic and not yet loaded or given up on, by version, with the record each
/// came in (its dead letter, if it cannot be loaded). The watcher's reader adds to it and its loader takes the
/// newest; keeping them all — not only the newest — is what lets the loader fall back to the next newest when it
/// gives up on one.
final class PendingAnnouncements: Sendable {
    struct Entry: Sendable {
        let announcement: PolicyAnnouncement
        let record: BusRecord
        var version: Int { announcement.version }
    }

    private let entries = Mutex<[Int: Entry]>([:])
    private let signal: AsyncStream<Void>.Continuation
    /// Yields whenever an entry was added (coalesced), and ends after `finish()`.
    let changes: AsyncStream<Void>

    init() {
        (changes, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ announcement: PolicyAnnouncement, record: BusRecord) {
        entries.withLock { $0[announcement.version] = Entry(announcement: announcement, record: record) }
        signal.yield()
    }

    /// The newest entry above `version`.
    func newest(above version: Int) -> Entry? {
        entries.withLock { entries in entries.values.filter { $0.version > version }.max { $0.version < $1.version } }
    }

    /// Forgets every entry up to and including `version` (it, or a newer one, was loaded).
    func removeThrough(_ version: Int) {
        entries.withLock { $0 = $0.filter { $0.key > version } }
    }

    /// Forgets the entries `fence` refuses.
    func apply(_ fence: EpochFence) {
        entries.withLock { $0 = $0.filter { !fence.fences(epoch: $0.value.announcement.fencingEpoch, version: $0.key) } }
    }

    func remove(_ version: Int) {
        _ = entries.withLock { $0.removeValue(forKey: version) }
    }

    func finish() { signal.finish() }
}
