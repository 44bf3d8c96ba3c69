import Tensors

/// What one decoder layer's forward pass keeps for the backward pass. Views into ``LlamaActivations``.
public struct LlamaLayerActivations {
    /// input_layernorm output (B, T, C)
    let ln1: UnsafeMutablePointer<Float>
    /// input_layernorm 1/rms (B, T)
    let ln1Rstd: UnsafeMutablePointer<Float>
    /// queries after RoPE (B, T, H·D)
    let q: UnsafeMutablePointer<Float>
    /// keys after RoPE (B, T, Hkv·D)
    let k: UnsafeMutablePointer<Float>
    /// values (B, T, Hkv·D)
    let v: UnsafeMutablePointer<Float>
    /// attention probabilities (B, H, T, T)
    let att: UnsafeMutablePointer<Float>
    /// attention output before o_proj (B, T, H·D)
    let attOut: UnsafeMutablePointer<Float>
    /// residual stream after attention (B, T, C)
    let resMid: UnsafeMutablePointer<Float>
    /// post_attention_layernorm output (B, T, C)
    let ln2: UnsafeMutablePointer<Float>
    /// post_attention_layernorm 1/rms (B, T)
    let ln2Rstd: UnsafeMutablePointer<Float>
    /// gate_proj output (B, T, F)
    let gate: UnsafeMutablePointer<Float>
    /// up_proj output (B, T, F)
    let up: UnsafeMutablePointer<Float>
    /// silu(gate) ⊙ up, the down_proj input (B, T, F)
    let swiglu: UnsafeMutablePointer<Float>
}

/// Every forward-pass buffer for one batch shape (B, T), allocated once in one arena and reused by every step.
public final class LlamaActivations {
    public let B: Int
    public let T: Int
    let C: Int
    let arena: TensorArena
    /// The residual stream entering layer l, and after the last layer at l = L: (L+1, B, T, C)
    let residual: UnsafeMutablePointer<Float>
    /// One entry per layer (L)
    let layers: [LlamaLayerActivations]
    /// o_proj or down_proj output before it joins the residual stream; not needed for backward (B, T, C)
    let projection: UnsafeMutablePointer<Float>
    /// final norm output (B, T, C)
    let lnf: UnsafeMutablePointer<Float>
    /// final norm 1/rms (B, T)
    let lnfRstd: UnsafeMutablePointer<Float>
    /// (B, T, V)
    let logits: UnsafeMutablePointer<Float>
    /// per-position cross-entropy, 0 where the target is ignored (B, T)
    let losses: UnsafeMutablePointer<Float>
    /// input tokens (B, T); shares the caller's array storage, no copy
    var tokens: [Int32]
    /// next-token targets, negative = ignored (B, T)
    var targets: [Int32]

    init(config: LlamaConfig, B: Int, T: Int) {
        let (C, F, V, L) = (config.hiddenSize, config.intermediateSize, config.vocabSize, config.numHiddenLayers)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        self.B = B
        self.T = T
        self.C = C
        var layout = ArenaLayout()
        layout.add("residual", [L + 1, B, T, C])
        let perLayer: [(String, Shape)] = [
            ("ln1", [B, T, C]), ("ln1Rstd", [B, T]), ("q", [B, T, H * D]), ("k", [B, T, Hkv * D]),
            ("v", [B, T, Hkv * D]), ("att", [B, H, T, T]), ("attOut", [B, T, H * D]), ("resMid", [B, T, C]),
            ("ln2", [B, T, C]), ("ln2Rstd", [B, T]), ("gate", [B, T, F]), ("up", [B, T, F]), ("swiglu", [B, T, F]),
        ]
        for (name, shape) in perLayer { layout.add(name, Shape([L] + shape.dimensions)) }
        for (name, shape) in [("projection", [B, T, C]), ("lnf", [B, T, C]), ("lnfRstd", [B, T]),
                              ("logits", [B, T, V]), ("losses", [B, T])] as [(String, Shape)] {
            layout.add(name, shape)
        }
        arena = TensorArena(layout: layout)
        residual = arena["residual"]
        let arena = arena
        func slice(_ name: String, _ l: Int) -> UnsafeMutablePointer<Float> {
            let view = arena.layout[name]!
            return arena[view] + l * (view.count / L)
        }
        layers = (0..<L).map { l in
            LlamaLayerActivations(
                ln1: slice("ln1", l), ln1Rstd: slice("ln1Rstd", l), q: slice("q", l), k: slice("k", l),
                v: slice("v", l), att: slice("att", l), attOut: slice("attOut", l), resMid: slice("resMid", l),
                ln2: slice("ln2", l), ln2Rstd: slice("ln2Rstd", l), gate: slice("gate", l), up: slice("up", l),
                swiglu: slice("swiglu", l))
        }
        projection = arena["projection"]
        lnf = arena["lnf"]
        lnfRstd = arena["lnfRstd"]
        logits = arena["logits"]
        losses = arena["losses"]
        tokens = Array(repeating: 0, count: B * T)
        targets = Array(repeating: -1, count: B * T)
    }

    /// The residual stream entering layer `l` (B, T, C); `l = L` is the last layer's output.
    func residual(_ l: Int) -> UnsafeMutablePointer<Float> { residual + l * B * T * C }

    /// Bytes held.
    public var byteCount: Int { arena.count * MemoryLayout<Float>.stride }
}
