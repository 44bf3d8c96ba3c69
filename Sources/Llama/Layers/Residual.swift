/// The residual connection: `out = a + b`. Its backward is the identity into both inputs, which the model gets for
/// free by letting every layer accumulate into one residual-stream gradient.
public enum Residual {
    /// - out: (N)
    /// - a: (N)
    /// - b: (N)
    public static func forward(
        out: UnsafeMutablePointer<Float>, a: UnsafePointer<Float>, b: UnsafePointer<Float>, N: Int
    ) {
        for i in 0..<N { out[i] = a[i] + b[i] }
    }
}
