import Tensors

/// Keys and values of the positions seen so far, per layer and batch row, for incremental decoding; plus the scratch
/// buffers a decoding step needs, so steps allocate nothing once the cache has seen its largest chunk.
///
/// Rows may hold different numbers of positions (``length(ofRow:)``): rows of different prompts decode together, each
/// at its own position. The chunked forward (`Tq > 1`) needs every row at the same ``length``.
/// Shapes: B batch, S capacity (positions), Tq tokens per call, Hkv key/value heads, D head dim, L layers.
///
/// Threading: callers on different threads may decode disjoint sets of rows of one cache at the same time (each
/// row's keys, values and length are its own memory); anything else must be serialised.
public final class LlamaKVCache {
    public let B: Int
    /// S: the most positions a row can hold.
    public let capacity: Int
    let config: LlamaConfig
    /// keys after RoPE (L, B, S, Hkv·D) and values (L, B, S, Hkv·D)
    let cache: TensorArena
    /// Positions cached in each row (B): the next token's position in that row.
    let rowLengths: UnsafeMutablePointer<Int>
    /// Per-step buffers of the chunked forward for chunks of up to `scratchRows` tokens; grown (never shrunk).
    var scratch: TensorArena?
    var scratchRows = 0
    /// One-token-step buffers, one per worker (``Parallel/workers``), each for `ceil(B / workers)` rows.
    lazy var decodeScratches: [DecodeScratch] = {
        let workers = Parallel.workers, rows = (B + workers - 1) / workers
        return (0..<workers).map { _ in DecodeScratch(config: config, rows: rows, capacity: capacity) }
    }()

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
        rowLengths = .allocate(capacity: B)
        rowLengths.initialize(repeating: 0, count: B)
    }

    deinit { rowLengths.deallocate() }

    /// Positions cached in every row; the rows must agree (true unless rows were decoded separately).
    public var length: Int {
        let first = rowLengths[0]
        precondition((0..<B).allSatisfy { rowLengths[$0] == first }, "KV cache rows hold different lengths")
        return first
    }

    /// Positions cached in row `b`.
    public func length(ofRow b: Int) -> Int { rowLengths[b] }

    /// Sets every row's length (after a chunked forward appended the same positions to all rows).
    func setLength(_ length: Int) { rowLengths.update(repeating: length, count: B) }

    /// Forgets every cached position (buffers are kept).
    public func reset() { setLength(0) }

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
