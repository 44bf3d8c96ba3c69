import Tensors

/// Keys and values of the positions seen so far, per layer, for incremental decoding; plus the scratch buffers a
/// decoding step needs, so steps allocate nothing once the cache has seen its largest chunk.
///
/// Every batch row advances together: all rows hold ``length`` positions. Shapes: B batch, S capacity (positions),
/// Tq tokens per call, Hkv key/value heads, D head dim, L layers.
public final class LlamaKVCache {
    public let B: Int
    /// S: the most positions the cache can hold.
    public let capacity: Int
    /// Positions cached so far; the next token's position.
    public internal(set) var length = 0
    let config: LlamaConfig
    /// keys after RoPE (L, B, S, Hkv·D) and values (L, B, S, Hkv·D)
    let cache: TensorArena
    /// Per-step buffers for chunks of up to `scratchRows` tokens; grown (never shrunk) when a longer chunk arrives.
    var scratch: TensorArena?
    var scratchRows = 0

    public init(config: LlamaConfig, B: Int, capacity: Int) {
        precondition(B > 0 && capacity > 0, "Batch and capacity must be positive")
        precondition(capacity <= config.maxPositionEmbeddings,
                     "Capacity \(capacity) exceeds max_position_embeddings \(config.maxPositionEmbeddings)")
        self.config = config
        self.B = B
        self.capacity = capacity
        let rows: Shape = [config.numHiddenLayers, B, capacity, config.numKeyValueHeads * config.headDim]
        var layout = ArenaLayout()
        layout.add("keys", rows)
        layout.add("values", rows)
        cache = TensorArena(layout: layout)
    }

    /// Forgets every cached position (buffers are kept).
    public func reset() { length = 0 }

    /// Layer `l`'s keys (B, S, Hkv·D).
    func keys(_ l: Int) -> UnsafeMutablePointer<Float> { cache["keys"] + l * B * capacity * kvWidth }
    /// Layer `l`'s values (B, S, Hkv·D).
    func values(_ l: Int) -> UnsafeMutablePointer<Float> { cache["values"] + l * B * capacity * kvWidth }
    var kvWidth: Int { config.numKeyValueHeads * config.headDim }

    /// Step buffers for `Tq` new tokens: x (B, Tq, C) residual stream, ln (B, Tq, C), rstd (B, Tq), q (B, Tq, H·D),
    /// k and v (B, Tq, Hkv·D), att (B, H, Tq, S), attOut (B, Tq, H·D), projection (B, Tq, C), gate, up and swiglu
    /// (B, Tq, F), logits (B, Tq, V).
    func scratch(Tq: Int) -> TensorArena {
        if let scratch, Tq <= scratchRows { return scratch }
        let (C, F, V) = (config.hiddenSize, config.intermediateSize, config.vocabSize)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        var layout = ArenaLayout()
        let specs: [(String, Shape)] = [
            ("x", [B, Tq, C]), ("ln", [B, Tq, C]), ("rstd", [B, Tq]), ("q", [B, Tq, H * D]), ("k", [B, Tq, Hkv * D]),
            ("v", [B, Tq, Hkv * D]), ("att", [B, H, Tq, capacity]), ("attOut", [B, Tq, H * D]),
            ("projection", [B, Tq, C]), ("gate", [B, Tq, F]), ("up", [B, Tq, F]), ("swiglu", [B, Tq, F]),
            ("logits", [B, Tq, V]),
        ]
        for (name, shape) in specs { layout.add(name, shape) }
        let arena = TensorArena(layout: layout)
        scratch = arena
        scratchRows = Tq
        return arena
    }
}
