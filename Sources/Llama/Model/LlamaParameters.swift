import Tensors

/// Views of one decoder layer's weights (or their gradients) inside an arena. Shapes as Hugging Face stores them.
public struct LlamaLayerParameters {
    /// `input_layernorm.weight` (C)
    public let inputNorm: UnsafeMutablePointer<Float>
    /// `self_attn.q_proj.weight` (H·D, C)
    public let q: UnsafeMutablePointer<Float>
    /// `self_attn.k_proj.weight` (Hkv·D, C)
    public let k: UnsafeMutablePointer<Float>
    /// `self_attn.v_proj.weight` (Hkv·D, C)
    public let v: UnsafeMutablePointer<Float>
    /// `self_attn.o_proj.weight` (C, H·D)
    public let o: UnsafeMutablePointer<Float>
    /// `post_attention_layernorm.weight` (C)
    public let postNorm: UnsafeMutablePointer<Float>
    /// `mlp.gate_proj.weight` (F, C)
    public let gate: UnsafeMutablePointer<Float>
    /// `mlp.up_proj.weight` (F, C)
    public let up: UnsafeMutablePointer<Float>
    /// `mlp.down_proj.weight` (C, F)
    public let down: UnsafeMutablePointer<Float>
}

/// Every tensor of a Llama model as views into one ``TensorArena``, named exactly as in a Hugging Face checkpoint.
///
/// The same type describes the weights, their gradients and the AdamW moments: build it over any arena allocated with
/// ``layout(for:)``. It keeps its arena alive, so the pointers stay valid as long as the value exists.
public struct LlamaParameters {
    public let config: LlamaConfig
    public let arena: TensorArena
    /// `model.embed_tokens.weight` (V, C)
    public let embedTokens: UnsafeMutablePointer<Float>
    /// One entry per decoder layer, `model.layers.{i}.…` (L)
    public let layers: [LlamaLayerParameters]
    /// `model.norm.weight` (C)
    public let norm: UnsafeMutablePointer<Float>
    /// `lm_head.weight` (V, C); `nil` when `tie_word_embeddings`, where the LM head is the embedding.
    public let lmHead: UnsafeMutablePointer<Float>?

    /// The matrix the LM head multiplies by (V, C): `lm_head.weight`, or the embedding when tied. Its gradient
    /// therefore accumulates into the embedding's when tied.
    public var outputWeight: UnsafeMutablePointer<Float> { lmHead ?? embedTokens }

    /// The packing of every tensor, in checkpoint order: embedding, layers 0..<L, final norm, LM head (if untied).
    public static func layout(for config: LlamaConfig) -> ArenaLayout {
        let (V, C, F) = (config.vocabSize, config.hiddenSize, config.intermediateSize)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        var layout = ArenaLayout()
        layout.add("model.embed_tokens.weight", [V, C])
        for i in 0..<config.numHiddenLayers {
            let prefix = "model.layers.\(i)."
            layout.add(prefix + "input_layernorm.weight", [C])
            layout.add(prefix + "self_attn.q_proj.weight", [H * D, C])
            layout.add(prefix + "self_attn.k_proj.weight", [Hkv * D, C])
            layout.add(prefix + "self_attn.v_proj.weight", [Hkv * D, C])
            layout.add(prefix + "self_attn.o_proj.weight", [C, H * D])
            layout.add(prefix + "post_attention_layernorm.weight", [C])
            layout.add(prefix + "mlp.gate_proj.weight", [F, C])
            layout.add(prefix + "mlp.up_proj.weight", [F, C])
            layout.add(prefix + "mlp.down_proj.weight", [C, F])
        }
        layout.add("model.norm.weight", [C])
        if !config.tieWordEmbeddings { layout.add("lm_head.weight", [V, C]) }
        return layout
    }

    /// Views over `arena`, which must have been allocated with `layout(for: config)`.
    public init(config: LlamaConfig, arena: TensorArena) {
        precondition(arena.layout == Self.layout(for: config), "Arena layout does not match this Llama config")
        self.config = config
        self.arena = arena
        embedTokens = arena["model.embed_tokens.weight"]
        layers = (0..<config.numHiddenLayers).map { i in
            let prefix = "model.layers.\(i)."
            return LlamaLayerParameters(
                inputNorm: arena[prefix + "input_layernorm.weight"],
                q: arena[prefix + "self_attn.q_proj.weight"],
                k: arena[prefix + "self_attn.k_proj.weight"],
                v: arena[prefix + "self_attn.v_proj.weight"],
                o: arena[prefix + "self_attn.o_proj.weight"],
                postNorm: arena[prefix + "post_attention_layernorm.weight"],
                gate: arena[prefix + "mlp.gate_proj.weight"],
                up: arena[prefix + "mlp.up_proj.weight"],
                down: arena[prefix + "mlp.down_proj.weight"])
        }
        norm = arena["model.norm.weight"]
        lmHead = config.tieWordEmbeddings ? nil : arena["lm_head.weight"]
    }

    /// A fresh zeroed arena with this config's layout, viewed as parameters.
    public init(zeroedFor config: LlamaConfig) {
        self.init(config: config, arena: TensorArena(layout: Self.layout(for: config)))
    }

    /// Every tensor as `(hfName, shape, buffer)`, in checkpoint order; what a safetensors reader or writer needs.
    public func namedTensors() -> [(hfName: String, shape: Shape, buffer: UnsafeMutableBufferPointer<Float>)] {
        arena.layout.views.map { ($0.name, $0.shape, arena.buffer($0)) }
    }

    /// Hugging Face's initialisation, reproducible from `seed`: every matrix N(0, 0.02²), every norm weight 1.
    public func randomize(seed: UInt64, std: Float = 0.02) {
        var generator = SeededGenerator(seed: seed)
        for view in arena.layout.views {
            let buffer = arena.buffer(view)
            if view.shape.rank == 1 {
                buffer.update(repeating: 1)
            } else {
                generator.fillNormal(buffer, std: std)
            }
        }
    }
}
