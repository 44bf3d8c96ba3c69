import COpenBLAS
import Foundation
import Synchronization

/// Coarse data parallelism for loops of many small, independent pieces of work (one attention head per batch row,
/// say), where OpenBLAS's own threading of each small sgemm costs more than it gains.
public enum Parallel {
    /// A grain for cheap element-wise loops: below about this many elements per chunk, handing work to another
    /// thread costs more than it saves.
    public static let elementGrain = 32_768

    /// Worker count: the cores this process may use, read once so per-worker scratch sized with it stays valid.
    public static let workers = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// Splits `0..<count` into up to ``workers`` contiguous chunks of at least `grain` items and runs
    /// `body(chunk, range)` on each concurrently; returns when all are done. `chunk` is in `0..<workers`, so a body
    /// can own `scratch[chunk]`. Work too small to be worth a thread hand-off (`count < 2·grain`) runs inline.
    ///
    /// OpenBLAS is switched to one thread for the duration (and restored after), so BLAS calls inside the body run
    /// on the calling worker instead of contending for the same cores. Bodies must touch disjoint memory.
    public static func forChunks(
        count: Int, grain: Int = 1, _ body: (_ chunk: Int, _ range: Range<Int>) -> Void
    ) {
        let workers = min(Self.workers, count / max(grain, 1))
        guard workers > 1 else {
            if count > 0 { body(0, 0..<count) }
            return
        }
        enterSingleThreadedBLAS()
        defer { leaveSingleThreadedBLAS() }
        // The body is not Sendable (it captures raw pointers). Sharing it is safe here: concurrentPerform returns
        // only after every chunk has finished, so it never escapes, and callers guarantee chunks touch disjoint memory.
        nonisolated(unsafe) let body = body
        DispatchQueue.concurrentPerform(iterations: workers) { chunk in
            let lower = count * chunk / workers, upper = count * (chunk + 1) / workers
            body(chunk, lower..<upper)
        }
    }

    /// OpenBLAS's thread count is process-wide, and several models may run parallel regions at once (the all-in-one
    /// fleet runs a trainer and generators in one process). Count the regions in flight: the first switches BLAS
    /// to one thread and remembers the previous count, the last restores it.
    private static let blasRegions = Mutex<(active: Int, savedThreads: Int32)>((0, 1))

    private static func enterSingleThreadedBLAS() {
        blasRegions.withLock { state in
            if state.active == 0 {
                state.savedThreads = openblas_get_num_threads()
                openblas_set_num_threads(1)
            }
            state.active += 1
        }
    }

    private static func leaveSingleThreadedBLAS() {
        blasRegions.withLock { state in
            state.active -= 1
            if state.active == 0 { openblas_set_num_threads(state.savedThreads) }
        }
    }
}
