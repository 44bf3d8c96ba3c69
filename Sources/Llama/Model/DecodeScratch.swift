import Tensors

/// Buffers of one-token decoding steps (``LlamaModel/decodeStep(tokens:rows:M:cache:scratch:logits:)``) for up to
/// ``rows`` batch rows, allocated once. One per thread that decodes.
///
/// Shapes: M rows (≤ ``rows``), C model dim, H·D query width, Hkv·D key/value width, F MLP hidden, S cache capacity,
/// V vocabulary.
final class DecodeScratch {
    /// The most rows a step may decode with these buffers.
    let rows: Int
    /// The longest cache row the attention scores can cover (S).
    let capacity: Int
    let arena: TensorArena
    /// residual stream (M, C)
    let x: UnsafeMutablePointer<Float>
    /// normalised input of a projection (M, C)
    let ln: UnsafeMutablePointer<Float>
    /// (M)
    let rstd: UnsafeMutablePointer<Float>
    /// q, k and v side by side (M, H·D + 2·Hkv·D), as one fused projection writes them
    let qkv: UnsafeMutablePointer<Float>
    /// (M, H·D)
    let attOut: UnsafeMutablePointer<Float>
    /// attention or MLP output before the residual add (M, C)
    let projection: UnsafeMutablePointer<Float>
    /// gate and up side by side (M, 2·F)
    let gateUp: UnsafeMutablePointer<Float>
    /// (M, F)
    let swiglu: UnsafeMutablePointer<Float>
    /// one key/value head's attention scores, then probabilities, per worker (W, H / Hkv, S),
    /// W = ``Parallel/workers``
    let scores: UnsafeMutablePointer<Float>
    /// (M, V)
    let logits: UnsafeMutablePointer<Float>

    init(config: LlamaConfig, rows: Int, capacity: Int) {
        let (C, F, V) = (config.hiddenSize, config.intermediateSize, config.vocabSize)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        let M = max(rows, 1)
        self.rows = M
        self.capacity = capacity
        var layout = ArenaLayout()
        let specs: [(String, Shape)] = [
            ("x", [M, C]), ("ln", [M, C]), ("rstd", [M]), ("qkv", [M, (H + 2 * Hkv) * D]), ("attOut", [M, H * D]),
            ("projection", [M, C]), ("gateUp", [M, 2 * F]), ("swiglu", [M, F]),
            ("scores", [Parallel.workers, H / Hkv, capacity]),
            ("logits", [M, V]),
        ]
        for (name, shape) in specs { layout.add(name, shape) }
        arena = TensorArena(layout: layout)
        (x, ln, rstd, qkv) = (arena["x"], arena["ln"], arena["rstd"], arena["qkv"])
        (attOut, projection, gateUp, swiglu) = (arena["attOut"], arena["projection"], arena["gateUp"], arena["swiglu"])
        (scores, logits) = (arena["scores"], arena["logits"])
    }
}
