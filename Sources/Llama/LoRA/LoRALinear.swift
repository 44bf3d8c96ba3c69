import Tensors

/// The low-rank term LoRA adds to a frozen linear layer's output: `out += scaling · (x Aᵀ) Bᵀ`, computed through
/// the (N, r) intermediate `h = x Aᵀ` (never forming B·A).
///
/// Shapes: N rows (B·T), I input features, O output features, r rank.
public enum LoRALinear {
    /// Accumulates the low-rank term into the base layer's output.
    ///
    /// - out: (N, O), accumulated (holds `x Wᵀ` already)
    /// - h: (N, r), written: `x Aᵀ`, kept for the backward pass
    /// - inp: (N, I)
    /// - a: (r, I)
    /// - b: (O, r)
    public static func forward(
        out: UnsafeMutablePointer<Float>, h: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        a: UnsafePointer<Float>, b: UnsafePointer<Float>, scaling: Float, N: Int, I: Int, O: Int, r: Int
    ) {
        BLAS.linear(h, inp, a, rows: N, inFeatures: I, outFeatures: r)
        BLAS.sgemm(.none, .transposed, m: N, n: O, k: r, alpha: scaling, a: h, lda: r, b: b, ldb: r,
                   beta: 1, c: out, ldc: O)
    }

    /// With `dh = scaling · dout B`: accumulates `db += scaling · doutᵀ h`, `da += dhᵀ x` and `dinp += dh A`.
    ///
    /// - dinp: (N, I), accumulated
    /// - da: (r, I), accumulated
    /// - db: (O, r), accumulated
    /// - dh: (N, r), scratch, overwritten
    /// - dout: (N, O)
    /// - inp: (N, I)
    /// - h: (N, r) from ``forward(out:h:inp:a:b:scaling:N:I:O:r:)``
    /// - a: (r, I)
    /// - b: (O, r)
    public static func backward(
        dinp: UnsafeMutablePointer<Float>, da: UnsafeMutablePointer<Float>, db: UnsafeMutablePointer<Float>,
        dh: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
        h: UnsafePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
        scaling: Float, N: Int, I: Int, O: Int, r: Int
    ) {
        BLAS.sgemm(.transposed, .none, m: O, n: r, k: N, alpha: scaling, a: dout, lda: O, b: h, ldb: r,
                   beta: 1, c: db, ldc: r)
        BLAS.sgemm(.none, .none, m: N, n: r, k: O, alpha: scaling, a: dout, lda: O, b: b, ldb: r,
                   beta: 0, c: dh, ldc: r)
        BLAS.sgemm(.transposed, .none, m: r, n: I, k: N, a: dh, lda: r, b: inp, ldb: I, beta: 1, c: da, ldc: I)
        BLAS.sgemm(.none, .none, m: N, n: I, k: r, a: dh, lda: r, b: a, ldb: I, beta: 1, c: dinp, ldc: I)
    }
}
