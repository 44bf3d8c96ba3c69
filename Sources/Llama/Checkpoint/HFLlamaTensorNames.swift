/// The tensor names and shapes of a Hugging Face `LlamaForCausalLM` checkpoint.
///
/// Linear weights are stored (out, in), row-major. Hugging Face's q_proj/k_proj rows are ordered for its
/// `rotate_half` RoPE (first half / second half of each head), not interleaved pairs.
public enum HFLlamaTensorNames {
    /// (V, C)
    public static let embedTokens = "model.embed_tokens.weight"
    /// (C,)
    public static let finalNorm = "model.norm.weight"
    /// (V, C); absent or equal to `embedTokens` when `tie_word_embeddings`.
    public static let lmHead = "lm_head.weight"

    /// Names of layer `layer`'s tensors.
    public struct Layer: Sendable {
        public let index: Int
        private var prefix: String { "model.layers.\(index)." }
        /// (C,)
        public var inputNorm: String { prefix + "input_layernorm.weight" }
        /// (H·D, C)
        public var qProj: String { prefix + "self_attn.q_proj.weight" }
        /// (Hkv·D, C)
        public var kProj: String { prefix + "self_attn.k_proj.weight" }
        /// (Hkv·D, C)
        public var vProj: String { prefix + "self_attn.v_proj.weight" }
        /// (C, H·D)
        public var oProj: String { prefix + "self_attn.o_proj.weight" }
        /// (C,)
        public var postAttentionNorm: String { prefix + "post_attention_layernorm.weight" }
        /// (F, C)
        public var gateProj: String { prefix + "mlp.gate_proj.weight" }
        /// (F, C)
        public var upProj: String { prefix + "mlp.up_proj.weight" }
        /// (C, F)
        public var downProj: String { prefix + "mlp.down_proj.weight" }
    }

    public static func layer(_ index: Int) -> Layer { Layer(index: index) }

    /// Every tensor a checkpoint for `config` must hold, with its shape, in a stable order
    /// (embeddings, layers 0…L-1, final norm, then `lm_head` unless the embeddings are tied).
    public static func expectedShapes(for config: LlamaConfig) -> [(name: String, shape: [Int])] {
        let (c, f, v) = (config.hiddenSize, config.intermediateSize, config.vocabSize)
        let (q, kv) = (config.numAttentionHeads * config.headDim, config.numKeyValueHeads * config.headDim)
        var shapes: [(String, [Int])] = [(embedTokens, [v, c])]
        for index in 0..<config.numHiddenLayers {
            let l = layer(index)
            shapes += [
                (l.inputNorm, [c]), (l.qProj, [q, c]), (l.kProj, [kv, c]), (l.vProj, [kv, c]), (l.oProj, [c, q]),
                (l.postAttentionNorm, [c]), (l.gateProj, [f, c]), (l.upProj, [f, c]), (l.downProj, [c, f]),
            ]
        }
        shapes.append((finalNorm, [c]))
        if !config.tieWordEmbeddings { shapes.append((lmHead, [v, c])) }
        return shapes
    }

    /// Checks `store` holds every expected tensor with the expected shape and a float dtype.
    /// - Throws: ``SafeTensorsError`` naming the first missing or mis-shaped tensor.
    public static func validate(_ store: any TensorStore, against config: LlamaConfig, file: String) throws {
        for (name, shape) in expectedShapes(for: config) {
            guard store.contains(name) else {
                throw SafeTensorsError(file: file, tensor: name, problem: .tensorNotFound)
            }
            let info = try store.info(name)
            guard info.shape == shape else {
                throw SafeTensorsError(
                    file: file, tensor: name,
                    problem: .malformedEntry(reason: "shape \(info.shape) but config.json implies \(shape)"))
            }
            guard info.dtype.isFloatingPoint else {
                throw SafeTensorsError(file: file, tensor: name, problem: .wrongDType(info.dtype, wanted: "float"))
            }
        }
    }
}
