/// Token embedding: each position's row of the embedding table.
///
/// Shapes: B batch, T time, C model dim, V vocabulary.
public enum Embedding {
    /// `out[b, t, :] = weight[tokens[b, t], :]`
    ///
    /// - out: (B, T, C)
    /// - tokens: (B, T), each in 0..<V
    /// - weight: (V, C)
    public static func forward(
        out: UnsafeMutablePointer<Float>, tokens: UnsafePointer<Int32>, weight: UnsafePointer<Float>,
        B: Int, T: Int, C: Int
    ) {
        for i in 0..<(B * T) {
            (out + i * C).update(from: weight + Int(tokens[i]) * C, count: C)
        }
    }

    /// Scatters the output gradient back into the rows that were looked up (`dweight += …`).
    ///
    /// - dweight: (V, C), accumulated
    /// - dout: (B, T, C)
    /// - tokens: (B, T)
    public static func backward(
        dweight: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, tokens: UnsafePointer<Int32>,
        B: Int, T: Int, C: Int
    ) {
        for i in 0..<(B * T) {
            let row = dweight + Int(tokens[i]) * C
            let d = dout + i * C
            for c in 0..<C { row[c] += d[c] }
        }
    }
}
