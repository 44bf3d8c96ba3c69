import Testing

@testable import Llama

/// The q/k row un-permutation against the converter's formula, written as numpy's reshape/swapaxes index
/// arithmetic: `w.reshape(heads, 2, D/2, cols).swapaxes(1, 2).reshape(heads·D, cols)`.
@Suite("GGUF q/k RoPE permutation")
struct GGUFRoPEPermutationTests {
    /// convert_hf_to_gguf.py's permute, element by element: output (h, i, j, c) ← input (h, j, i, c).
    static func converterPermute(_ w: [Float], heads: Int, cols: Int) -> [Float] {
        let d = w.count / cols / heads
        var out = [Float](repeating: .nan, count: w.count)
        for h in 0..<heads {
            for i in 0..<(d / 2) {
                for j in 0..<2 {
                    for c in 0..<cols {
                        // out index of shape (heads, D/2, 2, cols) at (h, i, j, c); in index of (heads, 2, D/2, cols).
                        out[((h * (d / 2) + i) * 2 + j) * cols + c] = w[((h * 2 + j) * (d / 2) + i) * cols + c]
                    }
                }
            }
        }
        return out
    }

    @Test(arguments: [(4, 16, 8), (2, 16, 8), (9, 64, 3), (1, 2, 1)])
    func unpermuteInvertsTheConverterAndPermuteMatchesIt(heads: Int, d: Int, cols: Int) {
        let hf = (0..<(heads * d * cols)).map { Float($0) }
        let gguf = Self.converterPermute(hf, heads: heads, cols: cols)
        #expect(gguf != hf || d == 2)
        var back = [Float](repeating: .nan, count: hf.count)
        back.withUnsafeMutableBufferPointer { out in
            gguf.withUnsafeBufferPointer { GGUFRoPEPermutation.unpermute(hf: out, gguf: $0, heads: heads, cols: cols) }
        }
        #expect(back == hf)
        var ours = [Float](repeating: .nan, count: hf.count)
        ours.withUnsafeMutableBufferPointer { out in
            hf.withUnsafeBufferPointer { GGUFRoPEPermutation.permute(gguf: out, hf: $0, heads: heads, cols: cols) }
        }
        #expect(ours == gguf)
    }
}
