import Tensors

extension Linear {
    /// `out = inp · Wᵀ` with W in half precision (``HalfMatrix``), Float32 accumulation; output columns split as
    /// `runner` says, on panel boundaries. The half-precision twin of
    /// ``forwardConcatenated(out:inp:_:_:_:N:I:runner:)`` for decoding steps; a concatenated projection (q·k·v,
    /// gate·up) is one ``HalfMatrix``.
    ///
    /// - out: (N, O)
    /// - inp: (N, I)
    /// - weight: (O, I)
    static func forwardHalf(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>, weight: HalfMatrix, N: Int,
        runner: PhaseRunner = .serial
    ) {
        let (O, I) = (weight.outFeatures, weight.inFeatures)
        runner.forRanges(count: O, align: HalfMatrix.panel) { columns, _ in
            HalfGEMM.multiply(out: out, ldc: O, inp: inp, lda: I, M: N, weight: weight, columns: columns)
        }
    }
}
