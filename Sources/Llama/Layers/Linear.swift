import Tensors

/// A bias-free linear layer, `y = x Wᵀ`, with W stored (out, in) as Hugging Face's `nn.Linear` stores it.
///
/// Shapes: N rows (B·T), I input features, O output features.
public enum Linear {
    /// - out: (N, O)
    /// - inp: (N, I)
    /// - weight: (O, I)
    public static func forward(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        N: Int, I: Int, O: Int
    ) {
        BLAS.linear(out, inp, weight, rows: N, inFeatures: I, outFeatures: O)
    }

    /// Accumulates `dinp += dout · W` and `dweight += doutᵀ · inp`.
    ///
    /// - dinp: (N, I), accumulated
    /// - dweight: (O, I), accumulated
    /// - dout: (N, O)
    /// - inp: (N, I)
    /// - weight: (O, I)
    public static func backward(
        dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        N: Int, I: Int, O: Int
    ) {
        BLAS.sgemm(.none, .none, m: N, n: I, k: O, a: dout, lda: O, b: weight, ldb: I, beta: 1, c: dinp, ldc: I)
        BLAS.sgemm(.transposed, .none, m: O, n: I, k: N, a: dout, lda: O, b: inp, ldb: I, beta: 1,
                   c: dweight, ldc: I)
    }
}
