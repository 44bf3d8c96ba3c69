import Foundation
import Synchronization
import Tensors

/// Cores working through the many short parallel phases of decoding steps (a matmul's column blocks, attention's
/// rows, sampling's rows — a few dozen phases per step, each tens of microseconds), where waking a thread per phase
/// (``Parallel/forChunks(count:grain:_:)``) costs as much as the phase.
///
/// ``run(_:)`` occupies every core for the whole of `driver`: the calling thread drives (runs the decoding loop and
/// publishes each phase), the others spin, yielding, waiting for phases and claim their pieces from a shared
/// counter. The driver claims pieces too and never waits for a piece nobody has claimed, so a helper that starts late
/// or is descheduled only slows a phase down; nothing can deadlock. OpenBLAS runs single-threaded throughout (inside
/// a ``Parallel`` region).
final class DecodeTeam: @unchecked Sendable {
    /// Threads taking part, the driver included (``Parallel/workers``).
    let size: Int
    /// The current phase's generation (high 32 bits) and its next unclaimed piece (low 32 bits). Claiming is a
    /// compare-and-swap on both, so a thread still looking at an older phase can never take a piece of a newer one.
    private let claim = Atomic<Int>(0)
    /// Pieces of the current phase finished.
    private let completed = Atomic<Int>(0)
    /// Helpers that have started and not yet left; the driver works alone while this is 0.
    private let helpers = Atomic<Int>(0)
    private let started = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    /// The driver's count of phases published.
    private var generation = 0
    // The current phase; written by the driver before publishing it, read by a thread only after it claimed one of
    // its pieces (the driver changes it only once every claimed piece has completed).
    nonisolated(unsafe) private var phase: (_ piece: Int, _ participant: Int) -> Void = { _, _ in }
    nonisolated(unsafe) private var pieces = 0

    private init(size: Int) { self.size = size }

    /// Runs `driver` on the calling thread with a team of every core.
    static func run(_ driver: (DecodeTeam) -> Void) {
        let team = DecodeTeam(size: Parallel.workers)
        nonisolated(unsafe) let driver = driver
        Parallel.forChunks(count: team.size) { participant, _ in
            if participant == 0 {
                team.started.store(true, ordering: .sequentiallyConsistent)
                team.awaitHelpers(microseconds: 1000)
                driver(team)
                team.finished.store(true, ordering: .sequentiallyConsistent)
            } else {
                team.help(participant: participant)
            }
        }
    }

    /// Gives the helpers a moment to arrive, so the first phases are shared too; the driver goes on without them.
    private func awaitHelpers(microseconds: UInt64) {
        let deadline = DispatchTime.now().uptimeNanoseconds + microseconds * 1000
        var spins = 0
        while helpers.load(ordering: .sequentiallyConsistent) < size - 1,
              DispatchTime.now().uptimeNanoseconds < deadline {
            Self.pause(&spins)
        }
    }

    /// Runs `body(piece, participant)` for every piece in `0..<count` across the team and returns when all are done.
    /// `participant` (in `0..<size`) names the thread, for per-thread scratch. Driver only.
    func parallel(_ count: Int, _ body: @escaping (_ piece: Int, _ participant: Int) -> Void) {
        guard count > 1, helpers.load(ordering: .sequentiallyConsistent) > 0 else {
            for piece in 0..<count { body(piece, 0) }
            return
        }
        phase = body
        pieces = count
        completed.store(0, ordering: .sequentiallyConsistent)
        generation += 1
        claim.store(generation << 32, ordering: .sequentiallyConsistent)  // publishes the phase
        work(generation: generation, participant: 0)
        var spins = 0
        while completed.load(ordering: .sequentiallyConsistent) < count { Self.pause(&spins) }
    }

    /// Claims and runs pieces of phase `generation` until none are left or a newer phase has been published.
    private func work(generation: Int, participant: Int) {
        var current = claim.load(ordering: .sequentiallyConsistent)
        while current >> 32 == generation, current & 0xFFFF_FFFF < pieces {
            let (claimed, seen) = claim.compareExchange(
                expected: current, desired: current + 1, ordering: .sequentiallyConsistent)
            guard claimed else {
                current = seen
                continue
            }
            phase(current & 0xFFFF_FFFF, participant)
            completed.add(1, ordering: .sequentiallyConsistent)
            current = claim.load(ordering: .sequentiallyConsistent)
        }
    }

    private func help(participant: Int) {
        // Wait briefly for the driver to start; if it has not (the pool ran us first), leave it to work alone.
        let deadline = DispatchTime.now().uptimeNanoseconds + 2_000_000
        var spins = 0
        while !started.load(ordering: .sequentiallyConsistent) {
            if DispatchTime.now().uptimeNanoseconds > deadline { return }
            Self.pause(&spins)
        }
        helpers.add(1, ordering: .sequentiallyConsistent)
        defer { helpers.subtract(1, ordering: .sequentiallyConsistent) }
        var seen = claim.load(ordering: .sequentiallyConsistent) >> 32
        spins = 0
        while !finished.load(ordering: .sequentiallyConsistent) {
            let current = claim.load(ordering: .sequentiallyConsistent) >> 32
            if current != seen {
                seen = current
                work(generation: current, participant: participant)
                spins = 0
            } else {
                Self.pause(&spins)
            }
        }
    }

    /// Spins (some tens of microseconds: phases follow each other that closely), then yields the core on every
    /// call, so a long wait stays cheap for other processes.
    @inline(__always)
    private static func pause(_ spins: inout Int) {
        spins += 1
        if spins > 10_000 { sched_yield() }
    }
}
