import Foundation
import Tensors

/// The gated activation of Llama's MLP: `out = silu(gate) ⊙ up`, with `silu(g) = g·σ(g)`.
///
/// The full MLP is `down(silu(gate(x)) ⊙ up(x))`; the three projections are ``Linear`` calls in the model's list.
/// Shapes: N rows (B·T), F MLP hidden.
public enum SwiGLU {
    /// - out: (N, F)
    /// - gate: (N, F)
    /// - up: (N, F)
    public static func forward(
        out: UnsafeMutablePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, N: Int, F: Int
    ) {
        Parallel.forChunks(count: N * F, grain: Parallel.elementGrain) { _, range in
            for i in range {
                let g = gate[i]
                out[i] = g / (1 + exp(-g)) * up[i]
            }
        }
    }

    /// Accumulates `dgate += dout ⊙ up ⊙ σ(g)(1 + g(1 − σ(g)))` and `dup += dout ⊙ silu(g)`.
    ///
    /// - dgate: (N, F), accumulated
    /// - dup: (N, F), accumulated
    /// - dout: (N, F)
    /// - gate: (N, F)
    /// - up: (N, F)
    public static func backward(
        dgate: UnsafeMutablePointer<Float>, dup: UnsafeMutablePointer<Float>,
        dout: UnsafePointer<Float>, gate: UnsafePointer<Float>, up: UnsafePointer<Float>, N: Int, F: Int
    ) {
        Parallel.forChunks(count: N * F, grain: Parallel.elementGrain) { _, range in
            for i in range {
                let g = gate[i]
                let s = 1 / (1 + exp(-g))
                dgate[i] += dout[i] * up[i] * s * (1 + g * (1 - s))
                dup[i] += dout[i] * g * s
            }
        }
    }
}
