import Tensors

/// Where the pieces of one decoding phase (a matmul's column blocks, attention's rows) run.
enum PhaseRunner {
    /// On the calling thread, in order.
    case serial
    /// One contiguous share per core through ``Parallel/forChunks(count:grain:_:)`` (a thread hand-off per phase;
    /// right for long phases such as a prefill's matmuls).
    case cores
    /// Claimed by a ``DecodeTeam`` already spinning on every core (right for the short phases of decoding steps).
    case team(DecodeTeam)

    /// Splits `0..<count` into contiguous ranges whose bounds are multiples of `align` (the last may be short) and
    /// runs `body(range, participant)` on each; `participant` is in `0..<`Parallel.workers``, distinct among
    /// ranges running at the same time. Returns when all are done.
    func forRanges(count: Int, align: Int = 1, _ body: @escaping (_ range: Range<Int>, _ participant: Int) -> Void) {
        let units = (count + align - 1) / align
        func range(_ piece: Int, of pieces: Int) -> Range<Int> {
            min(count, units * piece / pieces * align)..<min(count, units * (piece + 1) / pieces * align)
        }
        switch self {
        case .serial:
            if count > 0 { body(0..<count, 0) }
        case .cores:
            Parallel.forChunks(count: units) { worker, chunk in
                body(min(count, chunk.lowerBound * align)..<min(count, chunk.upperBound * align), worker)
            }
        case .team(let team):
            // Twice as many pieces as threads, so a thread that falls behind hands work to the other.
            let pieces = min(units, 2 * team.size)
            team.parallel(pieces) { piece, participant in body(range(piece, of: pieces), participant) }
        }
    }
}
