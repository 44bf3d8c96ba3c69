import Foundation
import Tensors

extension Attention {
    /// One query position of one batch row against that row's cached keys:
    /// ``forward(out:att:q:k:v:B:Tq:Tk:S:H:Hkv:D:)`` with `Tq = 1`, the decoding step. The new position sees every
    /// cached key, so there is no mask; no probability matrix is kept (decoding has no backward pass).
    ///
    /// The query heads sharing a key/value head go together: two small products per key/value head (BLAS's
    /// unpacked small-matrix kernels), so each cached key and value is read once per row and step.
    ///
    /// - out: (H·D)
    /// - scores: (H / Hkv, Tk) scratch
    /// - q: (H·D), already rotated
    /// - k: (Tk, Hkv·D), already rotated: the row's cached keys, the new position's last
    /// - v: (Tk, Hkv·D)
    public static func decode(
        out: UnsafeMutablePointer<Float>, scores: UnsafeMutablePointer<Float>,
        q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
        Tk: Int, H: Int, Hkv: Int, D: Int
    ) {
        let scale = 1 / Float(D).squareRoot()
        let group = H / Hkv, width = Hkv * D
        for kvh in 0..<Hkv {
            // The `group` query heads reading this key/value head are adjacent: scores (group, Tk) in one product.
            let qg = q + kvh * group * D, outg = out + kvh * group * D
            BLAS.sgemm(.none, .transposed, m: group, n: Tk, k: D, alpha: scale, a: qg, lda: D, b: k + kvh * D,
                       ldb: width, c: scores, ldc: Tk)
            for i in 0..<group { softmaxCausalRow(scores + i * Tk, visible: Tk, Tk: Tk) }
            BLAS.sgemm(.none, .none, m: group, n: D, k: Tk, a: scores, lda: Tk, b: v + kvh * D, ldb: width,
                       c: outg, ldc: D)
        }
    }
}
