import Tensors

extension Linear {
    /// Two or three projections of the same input, side by side: `out = inp · [W₀; W₁; W₂]ᵀ`, each Wᵢ stored (Oᵢ, I).
    ///
    /// When the weights lie back to back in memory (q, k, v and gate, up do in the parameter arena) this is one
    /// sgemm over the concatenated matrix — one call, one pass of BLAS's packing — else one sgemm per weight into
    /// its column slice. Decoding steps multiply few rows, where the per-call cost is much of the work.
    ///
    /// - out: (N, O₀ + O₁ + O₂)
    /// - inp: (N, I)
    /// - w0, w1, w2: (Oᵢ, I) each, given with its Oᵢ; `w2` optional
    static func forwardConcatenated(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        _ w0: (UnsafeMutablePointer<Float>, Int), _ w1: (UnsafeMutablePointer<Float>, Int),
        _ w2: (UnsafeMutablePointer<Float>, Int)? = nil,
        N: Int, I: Int
    ) {
        let width = w0.1 + w1.1 + (w2?.1 ?? 0)
        let contiguous = w1.0 == w0.0 + w0.1 * I && (w2.map { $0.0 == w1.0 + w1.1 * I } ?? true)
        if contiguous {
            BLAS.sgemm(.none, .transposed, m: N, n: width, k: I, a: inp, lda: I, b: w0.0, ldb: I, c: out, ldc: width)
            return
        }
        var column = 0
        for (weight, outFeatures) in [w0, w1] + (w2.map { [$0] } ?? []) {
            BLAS.sgemm(.none, .transposed, m: N, n: outFeatures, k: I, a: inp, lda: I, b: weight, ldb: I,
                       c: out + column, ldc: width)
            column += outFeatures
        }
    }
}
