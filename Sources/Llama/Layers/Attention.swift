import Foundation
import Tensors

/// Causal grouped-query scaled dot-product attention, as Hugging Face's eager Llama attention computes it:
/// `out = softmax(q kᵀ / √D + causal mask) v`, query head h reading key/value head `h / (H / Hkv)` (`repeat_kv`).
///
/// Queries may be a suffix of the sequence (a KV cache): query row i sits at position `Tk − Tq + i` and sees keys
/// `0 … Tk − Tq + i`. For training, `Tq = Tk = S = T`.
/// Shapes: B batch, Tq query rows, Tk key rows in use, S key rows allocated per batch (≥ Tk), H query heads,
/// Hkv key/value heads, D head dim.
///
/// Each (batch, head) is a few sgemms per block of ``rowsPerBlock`` query rows, each block multiplying only by the
/// keys its last row can see, so the masked upper triangle is (mostly) never computed.
public enum Attention {
    /// Query rows per block: small enough to skip most of the masked triangle, large enough for efficient sgemm.
    static let rowsPerBlock = 64

    /// - out: (B, Tq, H·D)
    /// - att: (B, H, Tq, Tk), the attention probabilities (0 where masked), kept for the backward pass
    /// - q: (B, Tq, H·D), already rotated
    /// - k: (B, S, Hkv·D), already rotated; rows 0..<Tk used
    /// - v: (B, S, Hkv·D); rows 0..<Tk used
    public static func forward(
        out: UnsafeMutablePointer<Float>, att: UnsafeMutablePointer<Float>,
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        B: Int, Tq: Int, Tk: Int, S: Int, H: Int, Hkv: Int, D: Int
    ) {
        let scale = 1 / Float(D).squareRoot()
        let group = H / Hkv
        let past = Tk - Tq
        Parallel.forChunks(count: B * H) { _, pieces in
            for piece in pieces {
                let (b, h) = piece.quotientAndRemainder(dividingBy: H)
                let qh = q + b * Tq * H * D + h * D
                let kh = k + b * S * Hkv * D + (h / group) * D
                let vh = v + b * S * Hkv * D + (h / group) * D
                let p = att + (b * H + h) * Tq * Tk
                let outh = out + b * Tq * H * D + h * D
                for i0 in stride(from: 0, to: Tq, by: rowsPerBlock) {
                    let rows = min(rowsPerBlock, Tq - i0), keys = past + i0 + rows  // keys the block can see
                    // scores (rows, keys) = scale · q_block (rows, D) · k_hᵀ (D, keys)
                    BLAS.sgemm(.none, .transposed, m: rows, n: keys, k: D, alpha: scale,
                               a: qh + i0 * H * D, lda: H * D, b: kh, ldb: Hkv * D, c: p + i0 * Tk, ldc: Tk)
                    for i in i0..<(i0 + rows) { softmaxCausalRow(p + i * Tk, visible: past + i + 1, Tk: Tk) }
                    // out_block (rows, D) = p_block (rows, keys) · v_h (keys, D)
                    BLAS.sgemm(.none, .none, m: rows, n: D, k: keys, a: p + i0 * Tk, lda: Tk,
                               b: vh, ldb: Hkv * D, c: outh + i0 * H * D, ldc: H * D)
                }
            }
        }
    }

    /// Accumulates `dq`, `dk`, `dv`. Several query heads share one key/value head, so `dk` and `dv` sum over them.
    ///
    /// - dq: (B, Tq, H·D), accumulated
    /// - dk: (B, S, Hkv·D), accumulated
    /// - dv: (B, S, Hkv·D), accumulated
    /// - scratch: (W, Tq, Tk) with W = `Parallel.workers`: one head's score gradient per worker
    /// - dout: (B, Tq, H·D)
    /// - att: (B, H, Tq, Tk) from ``forward(out:att:q:k:v:B:Tq:Tk:S:H:Hkv:D:)``
    /// - q: (B, Tq, H·D); k, v: (B, S, Hkv·D)
    public static func backward(
        dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, att: UnsafePointer<Float>,
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        B: Int, Tq: Int, Tk: Int, S: Int, H: Int, Hkv: Int, D: Int
    ) {
        let scale = 1 / Float(D).squareRoot()
        let group = H / Hkv
        // Query heads sharing a key/value head accumulate into the same dk, dv columns, so the work is split by
        // (batch row, key/value head): pieces then write disjoint memory.
        Parallel.forChunks(count: B * Hkv) { chunk, pieces in
            let scratch = scratch + chunk * Tq * Tk
            for piece in pieces {
                let (b, kvh) = piece.quotientAndRemainder(dividingBy: Hkv)
                for h in (kvh * group)..<((kvh + 1) * group) {
                    backwardHead(dq: dq, dk: dk, dv: dv, scratch: scratch, dout: dout, att: att, q: q, k: k, v: v,
                                 b: b, h: h, kvh: kvh, scale: scale, Tq: Tq, Tk: Tk, S: S, H: H, Hkv: Hkv, D: D)
                }
            }
        }
    }

    /// One (batch row, query head) of ``backward(dq:dk:dv:scratch:dout:att:q:k:v:B:Tq:Tk:S:H:Hkv:D:)``.
    @inline(__always)
    private static func backwardHead(
        dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
        scratch: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, att: UnsafePointer<Float>,
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        b: Int, h: Int, kvh: Int, scale: Float, Tq: Int, Tk: Int, S: Int, H: Int, Hkv: Int, D: Int
    ) {
        let qh = q + b * Tq * H * D + h * D, dqh = dq + b * Tq * H * D + h * D
        let dOut = dout + b * Tq * H * D + h * D
        let kvOffset = b * S * Hkv * D + kvh * D
        let (kh, vh, dkh, dvh) = (k + kvOffset, v + kvOffset, dk + kvOffset, dv + kvOffset)
        let p = att + (b * H + h) * Tq * Tk
        let past = Tk - Tq
        for i0 in stride(from: 0, to: Tq, by: rowsPerBlock) {
            let rows = min(rowsPerBlock, Tq - i0), keys = past + i0 + rows
            let pb = p + i0 * Tk, ds = scratch + i0 * Tk, dOutb = dOut + i0 * H * D
            // dv_h (keys, D) += p_blockᵀ (keys, rows) · dout_block (rows, D)
            BLAS.sgemm(.transposed, .none, m: keys, n: D, k: rows, a: pb, lda: Tk, b: dOutb, ldb: H * D,
                       beta: 1, c: dvh, ldc: Hkv * D)
            // dp (rows, keys) = dout_block (rows, D) · v_hᵀ (D, keys)
            BLAS.sgemm(.none, .transposed, m: rows, n: keys, k: D, a: dOutb, lda: H * D, b: vh, ldb: Hkv * D,
                       c: ds, ldc: Tk)
            // ds = p ⊙ (dp − Σ_j p·dp), the softmax backward, row by row
            for i in 0..<rows {
                let pr = pb + i * Tk, dr = ds + i * Tk
                var dot: Float = 0
                for j in 0..<keys { dot += pr[j] * dr[j] }
                for j in 0..<keys { dr[j] = pr[j] * (dr[j] - dot) }
            }
            // dq_block (rows, D) += scale · ds (rows, keys) · k_h (keys, D)
            BLAS.sgemm(.none, .none, m: rows, n: D, k: keys, alpha: scale, a: ds, lda: Tk, b: kh, ldb: Hkv * D,
                       beta: 1, c: dqh + i0 * H * D, ldc: H * D)
            // dk_h (keys, D) += scale · dsᵀ (keys, rows) · q_block (rows, D)
            BLAS.sgemm(.transposed, .none, m: keys, n: D, k: rows, alpha: scale, a: ds, lda: Tk,
                       b: qh + i0 * H * D, ldb: H * D, beta: 1, c: dkh, ldc: Hkv * D)
        }
    }

    /// Softmax over the first `visible` scores of a row in place; the masked rest becomes 0.
    @inline(__always)
    static func softmaxCausalRow(_ row: UnsafeMutablePointer<Float>, visible: Int, Tk: Int) {
        var maxScore = -Float.infinity
        for j in 0..<visible { maxScore = max(maxScore, row[j]) }
        var sum: Float = 0
        for j in 0..<visible {
            let e = exp(row[j] - maxScore)
            row[j] = e
            sum += e
        }
        let inv = 1 / sum
        for j in 0..<visible { row[j] *= inv }
        for j in visible..<Tk { row[j] = 0 }
    }
}
