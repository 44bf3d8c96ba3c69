/// The row order llama.cpp's converter gives q_proj and k_proj, and its inverse.
///
/// Hugging Face's checkpoints order each head's D rows for `rotate_half` RoPE (row i pairs with row i + D/2);
/// `convert_hf_to_gguf.py` reorders them for ggml's interleaved RoPE (row 2i pairs with row 2i + 1):
/// `w.reshape(heads, 2, D/2, cols).swapaxes(1, 2)`. So GGUF row `h·D + 2i + j` is Hugging Face row
/// `h·D + j·D/2 + i` (h < heads, i < D/2, j < 2). Loading undoes it, so the engine's RoPE (Hugging Face's) applies.
enum GGUFRoPEPermutation {
    /// Hugging Face order → GGUF order (what the converter does; for tests).
    /// - gguf: (heads·D, cols) out; - hf: (heads·D, cols) in.
    static func permute(
        gguf: UnsafeMutableBufferPointer<Float>, hf: UnsafeBufferPointer<Float>, heads: Int, cols: Int
    ) {
        reorder(heads: heads, count: hf.count, cols: cols) { ggufRow, hfRow in
            for c in 0..<cols { gguf[ggufRow * cols + c] = hf[hfRow * cols + c] }
        }
    }

    /// GGUF order → Hugging Face order (what loading does).
    /// - hf: (heads·D, cols) out; - gguf: (heads·D, cols) in.
    static func unpermute(
        hf: UnsafeMutableBufferPointer<Float>, gguf: UnsafeBufferPointer<Float>, heads: Int, cols: Int
    ) {
        reorder(heads: heads, count: gguf.count, cols: cols) { ggufRow, hfRow in
            for c in 0..<cols { hf[hfRow * cols + c] = gguf[ggufRow * cols + c] }
        }
    }

    /// Calls `move(ggufRow, hfRow)` for every row of a (heads·D, cols) matrix of `count` elements.
    private static func reorder(heads: Int, count: Int, cols: Int, _ move: (Int, Int) -> Void) {
        let d = count / cols / heads
        precondition(d * heads * cols == count && d % 2 == 0, "caller checks rows = heads · D with D even")
        for h in 0..<heads {
            for i in 0..<(d / 2) {
                for j in 0..<2 { move(h * d + 2 * i + j, h * d + j * (d / 2) + i) }
            }
        }
    }
}
