import Tensors

extension Linear {
    /// One, two or three projections of the same input, side by side: `out = inp · [W₀; W₁; W₂]ᵀ`, each Wᵢ stored
    /// (Oᵢ, I), with the output columns split as `runner` says.
    ///
    /// When the weights lie back to back in memory (q, k, v and gate, up do in the parameter arena) this is one
    /// matmul over the concatenated matrix — one BLAS call per core, one pass of packing over the weights — else one
    /// per weight into its column slice. Splitting by output columns gives each core its own share of the weights,
    /// so a decoding step streams every weight from memory once, whatever the number of rows.
    ///
    /// - out: (N, O₀ + O₁ + O₂)
    /// - inp: (N, I)
    /// - w0, w1, w2: (Oᵢ, I) each, given with its Oᵢ; `w1` and `w2` optional
    static func forwardConcatenated(
        out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
        _ w0: (UnsafeMutablePointer<Float>, Int), _ w1: (UnsafeMutablePointer<Float>, Int)? = nil,
        _ w2: (UnsafeMutablePointer<Float>, Int)? = nil, N: Int, I: Int, runner: PhaseRunner = .serial
    ) {
        let width = w0.1 + (w1?.1 ?? 0) + (w2?.1 ?? 0)
        var contiguous = true
        if let w1 { contiguous = w1.0 == w0.0 + w0.1 * I }
        if let w1, let w2 { contiguous = contiguous && w2.0 == w1.0 + w1.1 * I }
        if contiguous {
            columns(out: out, ldc: width, inp: inp, weight: w0.0, O: width, N: N, I: I, runner: runner)
            return
        }
        var column = 0
        for part in [w0, w1, w2] {
            guard let (weight, outFeatures) = part else { continue }
            columns(out: out + column, ldc: width, inp: inp, weight: weight, O: outFeatures, N: N, I: I,
                    runner: runner)
            column += outFeatures
        }
    }

    /// Output columns per piece of work when split across cores: a multiple of every BLAS micro-kernel width.
    static let columnBlock = 64

    /// out (N, O) with leading dimension `ldc` = inp (N, I) · weight (O, I)ᵀ, columns split as `runner` says.
    private static func columns(
        out: UnsafeMutablePointer<Float>, ldc: Int, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        O: Int, N: Int, I: Int, runner: PhaseRunner
    ) {
        runner.forRanges(count: O, align: columnBlock) { columns, _ in
            BLAS.sgemm(.none, .transposed, m: N, n: columns.count, k: I, a: inp, lda: I,
                       b: weight + columns.lowerBound * I, ldb: I, c: out + columns.lowerBound, ldc: ldc)
        }
    }
}
