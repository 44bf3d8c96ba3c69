import Tensors

/// A Llama-architecture causal language model in Float32, computing exactly what Hugging Face's `LlamaForCausalLM`
/// computes (eager attention), with a hand-written backward pass.
///
/// Typical training step, as in llm.c:
/// ```swift
/// let loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)   // forward
/// model.zeroGradients()
/// model.backward()                                                      // gradients into model.gradients
/// optimizer.step(parameters: model.parameters.arena, gradients: model.gradients.arena, learningRate: lr)
/// ```
/// Buffers are sized once per (B, T) and reused, so steps allocate nothing.
///
/// Threading: not thread-safe and deliberately not `Sendable`: keep a model inside one actor or thread. Its calls are
/// long, blocking, CPU-bound work that uses every core (OpenBLAS threads, plus `Parallel` for attention heads), so
/// run them on a dedicated thread or executor, not on Swift Concurrency's cooperative pool.
public final class LlamaModel {
    public let config: LlamaConfig
    /// The weights, in one arena (named as in Hugging Face checkpoints).
    public let parameters: LlamaParameters
    /// Gradients in the same layout as ``parameters``; allocated on first use (inference never needs them).
    /// Untouched while a LoRA adapter is attached: the base is then frozen.
    public private(set) lazy var gradients = LlamaParameters(zeroedFor: config)
    /// The LoRA adapter that forward and backward apply, and that backward trains instead of the base weights
    /// (see ``attach(_:)``); `nil` for the plain model.
    public internal(set) var adapter: LoRAAdapter?
    /// The attached adapter's saved intermediates for the current batch shape.
    var loraActivations: LoRAActivations?
    /// RoPE cos and sin, each (P, D/2) with P = max_position_embeddings
    let rope: TensorArena
    var activations: LlamaActivations?
    var activationGradients: LlamaActivationGradients?
    /// True when the activations hold a forward pass with targets, so `backward` may run.
    var hasLoss = false
    /// True when the activations hold a ``hiddenStates(tokens:B:T:)`` pass, so `backward(hiddenGradients:)` may run.
    var hasHidden = false

    /// A model with all weights zero, for a checkpoint loader to fill through ``parameters``.
    public init(config: LlamaConfig) {
        precondition(config.hiddenSize % config.numAttentionHeads == 0, "hidden_size must divide by num_attention_heads")
        precondition(config.numAttentionHeads % config.numKeyValueHeads == 0,
                     "num_attention_heads must be a multiple of num_key_value_heads")
        precondition(config.headDim % 2 == 0, "RoPE needs an even head dimension")
        self.config = config
        parameters = LlamaParameters(zeroedFor: config)
        var ropeLayout = ArenaLayout()
        let P = config.maxPositionEmbeddings, half = config.headDim / 2
        ropeLayout.add("cos", [P, half])
        ropeLayout.add("sin", [P, half])
        rope = TensorArena(layout: ropeLayout)
        RoPE.tables(cos: rope["cos"], sin: rope["sin"], P: P, D: config.headDim, theta: config.ropeTheta)
    }

    /// A model initialised as Hugging Face does (matrices N(0, 0.02²), norms 1), reproducibly from `seed`.
    public convenience init(config: LlamaConfig, seed: UInt64) {
        self.init(config: config)
        parameters.randomize(seed: seed)
    }

    /// Sets every gradient that backward accumulates into to zero: the attached adapter's, else the base's.
    public func zeroGradients() {
        if let adapter { adapter.zeroGradients() } else { gradients.arena.zero() }
    }

    /// The forward-pass buffers for (B, T), reallocated only when the shape changes.
    func activations(B: Int, T: Int) -> LlamaActivations {
        precondition(B > 0 && T > 0, "Batch and sequence length must be positive")
        precondition(T <= config.maxPositionEmbeddings,
                     "Sequence length \(T) exceeds max_position_embeddings \(config.maxPositionEmbeddings)")
        if let a = activations, a.B == B, a.T == T { return a }
        activations = nil
        activationGradients = nil
        let a = LlamaActivations(config: config, B: B, T: T)
        activations = a
        return a
    }
}
