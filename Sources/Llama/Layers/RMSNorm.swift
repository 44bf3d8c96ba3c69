import Tensors

/// Root-mean-square normalisation as Hugging Face's `LlamaRMSNorm` computes it in float32:
/// `out = weight * (x * rsqrt(mean(x²) + eps))`.
///
/// Shapes: B batch, T time, C model dim.
public enum RMSNorm {
    /// - out: (B, T, C)
    /// - rstd: (B, T), the saved `rsqrt(mean(x²) + eps)` of each row, for the backward pass
    /// - inp: (B, T, C)
    /// - weight: (C)
    public static func forward(
        out: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
        inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        B: Int, T: Int, C: Int, eps: Float
    ) {
        Parallel.forChunks(count: B * T, grain: Parallel.elementGrain / C + 1) { _, rows in
            for i in rows {
                let x = inp + i * C
                let y = out + i * C
                var sumSquares = 0.0
                for c in 0..<C { sumSquares += Double(x[c]) * Double(x[c]) }
                let r = Float(1 / (Double(Float(sumSquares / Double(C))) + Double(eps)).squareRoot())
                for c in 0..<C { y[c] = weight[c] * (x[c] * r) }
                rstd[i] = r
            }
        }
    }

    /// Accumulates `dinp` and `dweight`.
    ///
    /// With `g = weight ⊙ dout`: `dinp += r·g − x·r³·(g·x)/C` and `dweight += Σ_rows dout ⊙ x·r`.
    ///
    /// - dinp: (B, T, C), accumulated
    /// - dweight: (C), accumulated
    /// - dout: (B, T, C)
    /// - inp: (B, T, C)
    /// - weight: (C)
    /// - rstd: (B, T) from ``forward(out:rstd:inp:weight:B:T:C:eps:)``
    public static func backward(
        dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
        rstd: UnsafePointer<Float>, B: Int, T: Int, C: Int
    ) {
        for i in 0..<(B * T) {
            let x = inp + i * C
            let dy = dout + i * C
            let dx = dinp + i * C
            let r = rstd[i]
            var dot: Float = 0
            for c in 0..<C { dot += weight[c] * dy[c] * x[c] }
            let k = dot * r * r * r / Float(C)
            for c in 0..<C {
                dx[c] += r * weight[c] * dy[c] - k * x[c]
                dweight[c] += dy[c] * x[c] * r
            }
        }
    }
}
