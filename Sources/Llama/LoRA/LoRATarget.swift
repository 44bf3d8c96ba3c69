/// A linear layer of a Llama decoder layer that a LoRA adapter can adapt, named as PEFT's `target_modules` names it.
///
/// The cases are in PEFT's module order (attention q, k, v, o, then MLP gate, up, down), which is the order of an
/// adapter's tensors in its arena.
public enum LoRATarget: String, CaseIterable, Comparable, Sendable {
    case q = "q_proj"
    case k = "k_proj"
    case v = "v_proj"
    case o = "o_proj"
    case gate = "gate_proj"
    case up = "up_proj"
    case down = "down_proj"

    /// The submodule holding the projection: `self_attn` or `mlp`.
    public var module: String {
        switch self {
        case .q, .k, .v, .o: "self_attn"
        case .gate, .up, .down: "mlp"
        }
    }

    /// The base weight's (out, in) for a model: (H·D, C), (Hkv·D, C), (Hkv·D, C), (C, H·D), (F, C), (F, C), (C, F).
    public func shape(_ config: LlamaConfig) -> (out: Int, in: Int) {
        let (C, F) = (config.hiddenSize, config.intermediateSize)
        let (q, kv) = (config.numAttentionHeads * config.headDim, config.numKeyValueHeads * config.headDim)
        switch self {
        case .q: return (q, C)
        case .k, .v: return (kv, C)
        case .o: return (C, q)
        case .gate, .up: return (F, C)
        case .down: return (C, F)
        }
    }

    /// This projection's base weight (out, in) in one layer's views.
    public func weight(in layer: LlamaLayerParameters) -> UnsafeMutablePointer<Float> {
        switch self {
        case .q: layer.q
        case .k: layer.k
        case .v: layer.v
        case .o: layer.o
        case .gate: layer.gate
        case .up: layer.up
        case .down: layer.down
        }
    }

    /// Position in PEFT's module order.
    var index: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: LoRATarget, rhs: LoRATarget) -> Bool { lhs.index < rhs.index }
}
