import Foundation

/// Rotary position embedding in Hugging Face's `rotate_half` convention: within each head, element `i` pairs with
/// `i + D/2` (not with its neighbour), rotated by angle `pos · θ^(−2i/D)`.
///
/// Shapes: B batch, T time, nh heads in the buffer (H for queries, Hkv for keys), D head dim, P table positions.
public enum RoPE {
    /// Fills the cosine and sine tables for positions `0..<P`, computed in float32 as transformers does
    /// (`inv_freq = 1 / θ^(2i/D)`, `freq = pos · inv_freq`).
    ///
    /// - cos: (P, D/2)
    /// - sin: (P, D/2)
    public static func tables(
        cos cosTable: UnsafeMutablePointer<Float>, sin sinTable: UnsafeMutablePointer<Float>,
        P: Int, D: Int, theta: Float
    ) {
        let half = D / 2
        for i in 0..<half {
            let invFreq = 1 / powf(theta, Float(2 * i) / Float(D))
            for p in 0..<P {
                let angle = Float(p) * invFreq
                cosTable[p * half + i] = cosf(angle)
                sinTable[p * half + i] = sinf(angle)
            }
        }
    }

    /// Rotates every head of `x` in place; position of row t is `positionOffset + t`.
    ///
    /// `x[i] ← x[i]·cos − x[i+D/2]·sin`, `x[i+D/2] ← x[i+D/2]·cos + x[i]·sin` for i < D/2.
    ///
    /// - x: (B, T, nh·D), rotated in place
    /// - cos, sin: (P, D/2) from ``tables(cos:sin:P:D:theta:)``, with `positionOffset + T ≤ P`
    public static func forward(
        x: UnsafeMutablePointer<Float>, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
        B: Int, T: Int, nh: Int, D: Int, positionOffset: Int = 0
    ) {
        rotate(x, cos: cos, sin: sin, B: B, T: T, nh: nh, D: D, positionOffset: positionOffset, direction: 1)
    }

    /// The rotation is orthogonal, so the gradient is the inverse rotation of the output gradient, done in place.
    ///
    /// - dx: (B, T, nh·D): on entry the gradient w.r.t. the rotated output, on return w.r.t. the input
    /// - cos, sin: (P, D/2)
    public static func backward(
        dx: UnsafeMutablePointer<Float>, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
        B: Int, T: Int, nh: Int, D: Int, positionOffset: Int = 0
    ) {
        rotate(dx, cos: cos, sin: sin, B: B, T: T, nh: nh, D: D, positionOffset: positionOffset, direction: -1)
    }

    private static func rotate(
        _ x: UnsafeMutablePointer<Float>, cos: UnsafePointer<Float>, sin: UnsafePointer<Float>,
        B: Int, T: Int, nh: Int, D: Int, positionOffset: Int, direction: Float
    ) {
        let half = D / 2
        for b in 0..<B {
            for t in 0..<T {
                let c = cos + (positionOffset + t) * half
                let s = sin + (positionOffset + t) * half
                let row = x + (b * T + t) * nh * D
                for h in 0..<nh {
                    let head = row + h * D
                    for i in 0..<half {
                        let x1 = head[i], x2 = head[i + half]
                        let si = direction * s[i]
                        head[i] = x1 * c[i] - x2 * si
                        head[i + half] = x2 * c[i] + x1 * si
                    }
                }
            }
        }
    }
}
