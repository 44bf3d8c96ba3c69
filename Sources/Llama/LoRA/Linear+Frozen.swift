import Tensors

extension Linear {
    /// ``backward(dinp:dweight:dout:inp:weight:N:I:O:)`` for a weight that may be frozen: with `dweight == nil`
    /// only `dinp += dout · W` is computed, skipping the (O, I) weight gradient nobody will use (half the cost).
    ///
    /// - dinp: (N, I), accumulated
    /// - dweight: (O, I), accumulated, or `nil` when the weight is frozen
    /// - dout: (N, O)
    /// - inp: (N, I)
    /// - weight: (O, I)
    static func backward(
        dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>?,
        dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        N: Int, I: Int, O: Int
    ) {
        if let dweight {
            backward(dinp: dinp, dweight: dweight as UnsafeMutablePointer<Float>, dout: dout, inp: inp,
                     weight: weight, N: N, I: I, O: O)
        } else {
            BLAS.sgemm(.none, .none, m: N, n: I, k: O, a: dout, lda: O, b: weight, ldb: I, beta: 1, c: dinp, ldc: I)
        }
    }
}
