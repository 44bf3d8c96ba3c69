import Foundation

extension Attention {
    /// One query position of one batch row against that row's cached keys: ``forward(out:att:q:k:v:B:Tq:Tk:S:H:Hkv:D:)``
    /// with `Tq = 1`, the decoding step. The new position sees every cached key, so there is no mask; no probability
    /// matrix is kept (decoding has no backward pass).
    ///
    /// Dot products over the head dimension run eight lanes at a time, so a step costs a few passes over the row's
    /// keys and values instead of two tiny sgemm calls per head.
    ///
    /// - out: (H·D)
    /// - scores: (Tk) scratch
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
        for h in 0..<H {
            let qh = q + h * D, kh = k + (h / group) * D, vh = v + (h / group) * D, outh = out + h * D
            var maxScore = -Float.infinity
            for j in 0..<Tk {
                let score = scale * dot(qh, kh + j * width, count: D)
                scores[j] = score
                maxScore = max(maxScore, score)
            }
            var sum: Float = 0
            for j in 0..<Tk {
                let e = exp(scores[j] - maxScore)
                scores[j] = e
                sum += e
            }
            let inv = 1 / sum
            outh.update(repeating: 0, count: D)
            for j in 0..<Tk { axpy(outh, scores[j] * inv, vh + j * width, count: D) }
        }
    }

    /// Σ a[i]·b[i], eight lanes at a time.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var i = 0
        var lanes = SIMD8<Float>()
        let (ra, rb) = (UnsafeRawPointer(a), UnsafeRawPointer(b))
        while i + 8 <= count {
            let x = ra.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            let y = rb.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            lanes += x * y
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }

    /// y += alpha·x, eight lanes at a time.
    @inline(__always)
    static func axpy(_ y: UnsafeMutablePointer<Float>, _ alpha: Float, _ x: UnsafePointer<Float>, count: Int) {
        var i = 0
        let (ry, rx) = (UnsafeMutableRawPointer(y), UnsafeRawPointer(x))
        let a = SIMD8<Float>(repeating: alpha)
        while i + 8 <= count {
            let sum = ry.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
                + a * rx.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            ry.storeBytes(of: sum, toByteOffset: i * 4, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            y[i] += alpha * x[i]
            i += 1
        }
    }
}
