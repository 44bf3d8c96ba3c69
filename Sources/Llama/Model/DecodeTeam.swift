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
    /// Bumped (after the phase is stored) to publish a phase.
    private let generation = Atomic<Int>(0)
    /// The next unclaimed piece of the current phase.
    private let next = Atomic<Int>(0)
    /// Pieces of the current phase finished.
    private let completed = Atomic<Int>(0)
    /// Helpers that have started and not yet left; the driver works alone while this is 0.
    private let helpers = Atomic<Int>(0)
    private let started = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    // The current phase; written by the driver before publishing, read by helpers after claiming a piece.
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
                driver(team)
                team.finished.store(true, ordering: .sequentiallyConsistent)
            } else {
                team.help(participant: participant)
            }
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
        completed.store(0, ordering: .sequentiallyConsistent)  // before `next`: no piece can complete early
        next.store(0, ordering: .sequentiallyConsistent)
        generation.add(1, ordering: .sequentiallyConsistent)
        work(participant: 0)
        var spins = 0
        while completed.load(ordering: .sequentiallyConsistent) < count { Self.pause(&spins) }
    }

    /// Claims and runs pieces of the current phase until none are left.
    private func work(participant: Int) {
        while true {
            let piece = next.add(1, ordering: .sequentiallyConsistent).oldValue
            guard piece < pieces else { return }
            phase(piece, participant)
            completed.add(1, ordering: .sequentiallyConsistent)
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
        var seen = generation.load(ordering: .sequentiallyConsistent)
        spins = 0
        while !finished.load(ordering: .sequentiallyConsistent) {
            let current = generation.load(ordering: .sequentiallyConsistent)
            if current != seen {
                seen = current
                work(participant: participant)
                spins = 0
            } else {
                Self.pause(&spins)
            }
        }
    }

    /// Spins a little, then yields the core on every call, so waiting stays cheap for other processes.
    @inline(__always)
    private static func pause(_ spins: inout Int) {
        spins += 1
        if spins > 200 { sched_yield() }
    }
}
