/// llama.cpp's tensor names of a Llama GGUF and the Hugging Face names they correspond to.
///
/// `token_embd` → `model.embed_tokens`, `output_norm` → `model.norm`, `output` → `lm_head`; per layer N
/// `blk.N.attn_norm` → `input_layernorm`, `attn_q/k/v/output` → `self_attn.q/k/v/o_proj`, `ffn_norm` →
/// `post_attention_layernorm`, `ffn_gate/up/down` → `mlp.gate/up/down_proj` (each `.weight`).
enum GGUFLlamaTensorNames {
    /// The row permutation a GGUF tensor carries (see ``GGUFRoPEPermutation``): q and k only.
    enum Rows: Equatable, Sendable {
        case asStored
        /// Permuted per head for interleaved RoPE, with this many heads (H for q, Hkv for k).
        case ropePermuted(heads: Int)
    }

    /// The Hugging Face name of GGUF tensor `name`, and its row permutation; `nil` for a name not in the table.
    static func hfName(_ name: String, config: LlamaConfig) -> (name: String, rows: Rows)? {
        let global = [
            "token_embd.weight": HFLlamaTensorNames.embedTokens, "output_norm.weight": HFLlamaTensorNames.finalNorm,
            "output.weight": HFLlamaTensorNames.lmHead,
        ]
        if let hf = global[name] { return (hf, .asStored) }
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "blk", parts[3] == "weight", let index = Int(parts[1]),
            String(index) == parts[1], (0..<config.numHiddenLayers).contains(index)
        else { return nil }
        let layer = HFLlamaTensorNames.layer(index)
        switch parts[2] {
        case "attn_norm": return (layer.inputNorm, .asStored)
        case "attn_q": return (layer.qProj, .ropePermuted(heads: config.numAttentionHeads))
        case "attn_k": return (layer.kProj, .ropePermuted(heads: config.numKeyValueHeads))
        case "attn_v": return (layer.vProj, .asStored)
        case "attn_output": return (layer.oProj, .asStored)
        case "ffn_norm": return (layer.postAttentionNorm, .asStored)
        case "ffn_gate": return (layer.gateProj, .asStored)
        case "ffn_up": return (layer.upProj, .asStored)
        case "ffn_down": return (layer.downProj, .asStored)
        default: return nil
        }
    }
}
