/// The FLOP count of one training step (forward + backward), used to report achieved GFLOP/s.
///
/// Counts matrix multiplies only (norms, RoPE, softmax and SwiGLU are O(B·T·C) and negligible), one multiply-add
/// as 2 FLOPs:
/// - per token, per layer, projections: `2·C·(H·D + 2·Hkv·D + H·D + 3·F)`
/// - per token, per layer, causal attention: `2·2·H·D·(T+1)/2` (q·kᵀ and p·v over the (T+1)/2 keys a position sees
///   on average; the engine skips most of the masked triangle, and what it still computes is not counted)
/// - per token, LM head: `2·C·V`
/// - backward = 2 × forward (each multiply has a gradient for its input and for its weight), so a step is
///   `3 × forward × B·T`.
public enum TrainingFLOPs {
    /// Forward FLOPs per token at sequence length `T`.
    public static func forwardPerToken(_ config: LlamaConfig, T: Int) -> Double {
        let (C, F, V, L) = (config.hiddenSize, config.intermediateSize, config.vocabSize, config.numHiddenLayers)
        let (H, Hkv, D) = (config.numAttentionHeads, config.numKeyValueHeads, config.headDim)
        let projections = 2 * C * (H * D + 2 * Hkv * D + H * D + 3 * F)
        let attention = 2 * H * D * (T + 1)
        return Double(L * (projections + attention) + 2 * C * V)
    }

    /// FLOPs of one forward + backward over a (B, T) batch.
    public static func trainingStep(_ config: LlamaConfig, B: Int, T: Int) -> Double {
        3 * forwardPerToken(config, T: T) * Double(B * T)
    }
}
