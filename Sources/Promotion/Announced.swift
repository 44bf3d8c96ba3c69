import Messages
import Synchronization

/// The policy announcements read so far, and a signal when there are new ones (coalesced: a slow reader sees one
/// signal for many announcements).
final class Announced: Sendable {
    /// The newest announcement of each version, without what a fenced coordinator announced.
    private let announcements = Mutex<(lineage: [Int: PolicyAnnouncement], fence: EpochFence)>(([:], EpochFence()))
    let changes: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init() {
        (changes, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ announcement: PolicyAnnouncement) {
        announcements.withLock { $0.fence.add(announcement, to: &$0.lineage) }
        signal.yield()
    }

    var all: [Int: PolicyAnnouncement] { announcements.withLock { $0.lineage } }

    /// Asks for another look, as if something new had arrived.
    func poke() { signal.yield() }

    func finish() { signal.finish() }
}
