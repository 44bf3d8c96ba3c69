import Messages
import Synchronization

/// The policy announcements read so far, and a signal when there are new ones (coalesced: a slow reader sees one
/// signal for many announcements).
final class Announced: Sendable {
    private let announcements = Mutex<[Int: PolicyAnnouncement]>([:])
    let changes: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init() {
        (changes, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ announcement: PolicyAnnouncement) {
        announcements.withLock { $0[announcement.version] = announcement }
        signal.yield()
    }

    var all: [Int: PolicyAnnouncement] { announcements.withLock { $0 } }

    /// Asks for another look, as if something new had arrived.
    func poke() { signal.yield() }

    func finish() { signal.finish() }
}
