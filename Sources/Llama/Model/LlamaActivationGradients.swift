import Tensors

/// The backward pass's workspace for one batch shape (B, T): gradients w.r.t. activations, reused layer after layer
/// (only the residual-stream gradient flows between layers). Allocated once, on the first backward pass.
final class LlamaActivationGradients {
    let arena: TensorArena
    /// d(residual stream) (B, T, C): the gradient every layer reads from and accumulates into
    let residual: UnsafeMutablePointer<Float>
    /// d(norm output) (B, T, C), for whichever RMSNorm is being back-propagated
    let ln: UnsafeMutablePointer<Float>
    /// (B, T, H·D)
    let q: UnsafeMutablePointer<Float>
    /// (B, T, Hkv·D)
    let k: UnsafeMutablePointer<Float>
    /// (B, T, Hkv·D)
    let v: UnsafeMutablePointer<Float>
    /// d(attention output before o_proj) (B, T, H·D)
    let attOut: UnsafeMutablePointer<Float>
    /// one head's score gradient per parallel worker (W, T, T)
    let scores: UnsafeMutablePointer<Float>
    /// (B, T, F)
    let gate: UnsafeMutablePointer<Float>
    /// (B, T, F)
    let up: UnsafeMutablePointer<Float>
    /// d(silu(gate) ⊙ up) (B, T, F)
    let swiglu: UnsafeMutablePointer<Float>
    /// (B, T, V)
    let logits: UnsafeMutablePointer<Float>
    /// the weight of each position's loss in the scalar being differentiated (B, T)
    let losses: UnsafeMutablePointer<Float>
    /// where norm-weight gradients go when the base is frozen (a LoRA adapter is attached); never read (C)
    let frozenNorm: UnsafeMutablePointer<Float>

    init(config: LlamaConfig, B: Int, T: Int) {
        let (C, F, V) = (config.hiddenSize, config.intermediateSize, config.vocabSize)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        var layout = ArenaLayout()
        let specs: [(String, Shape)] = [
            ("residual", [B, T, C]), ("ln", [B, T, C]), ("q", [B, T, H * D]), ("k", [B, T, Hkv * D]),
            ("v", [B, T, Hkv * D]), ("attOut", [B, T, H * D]), ("scores", [Parallel.workers, T, T]), ("gate", [B, T, F]),
            ("up", [B, T, F]), ("swiglu", [B, T, F]), ("logits", [B, T, V]), ("losses", [B, T]),
            ("frozenNorm", [C]),
        ]
        for (name, shape) in specs { layout.add(name, shape) }
        arena = TensorArena(layout: layout)
        residual = arena["residual"]
        ln = arena["ln"]
        q = arena["q"]
        k = arena["k"]
        v = arena["v"]
        attOut = arena["attOut"]
        scores = arena["scores"]
        gate = arena["gate"]
        up = arena["up"]
        swiglu = arena["swiglu"]
        logits = arena["logits"]
        losses = arena["losses"]
        frozenNorm = arena["frozenNorm"]
    }
}
