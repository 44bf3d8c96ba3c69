import Tensors

/// One adapted projection's pair of low-rank matrices (or their gradients, or AdamW moments): views into an arena.
public struct LoRAMatrices {
    /// `lora_A.weight` (r, in)
    public let a: UnsafeMutablePointer<Float>
    /// `lora_B.weight` (out, r)
    public let b: UnsafeMutablePointer<Float>
}

/// Every tensor of a LoRA adapter as views into one ``TensorArena``, named exactly as PEFT saves them:
/// `base_model.model.model.layers.{i}.self_attn.q_proj.lora_A.weight` (r, in) and `….lora_B.weight` (out, r).
///
/// Like ``LlamaParameters``, the same type describes the adapter's weights, its gradients and the AdamW moments:
/// build it over any arena allocated with ``layout(for:model:)``, so zeroing, ``AdamW``, ``GradientClipping`` and
/// saving are each one loop. It keeps its arena alive, so the pointers stay valid as long as the value exists.
public struct LoRAParameters {
    public let config: LoRAConfig
    /// The base model's config, which fixes every tensor's `in` and `out`.
    public let modelConfig: LlamaConfig
    public let arena: TensorArena
    /// One entry per decoder layer (L), each indexed by target; `nil` for a projection that is not adapted.
    let layers: [[LoRAMatrices?]]

    /// The PEFT name of one adapter tensor: `matrix` is "A" or "B".
    public static func name(layer: Int, target: LoRATarget, matrix: String) -> String {
        "base_model.model.model.layers.\(layer).\(target.module).\(target.rawValue).lora_\(matrix).weight"
    }

    /// The packing of every tensor: layers 0..<L, each target in PEFT's module order, A (r, in) then B (out, r).
    public static func layout(for config: LoRAConfig, model: LlamaConfig) -> ArenaLayout {
        var layout = ArenaLayout()
        for l in 0..<model.numHiddenLayers {
            for target in config.targets {
                let (out, inp) = target.shape(model)
                layout.add(name(layer: l, target: target, matrix: "A"), [config.rank, inp])
                layout.add(name(layer: l, target: target, matrix: "B"), [out, config.rank])
            }
        }
        return layout
    }

    /// Views over `arena`, which must have been allocated with `layout(for: config, model: modelConfig)`.
    public init(config: LoRAConfig, modelConfig: LlamaConfig, arena: TensorArena) {
        precondition(arena.layout == Self.layout(for: config, model: modelConfig),
                     "Arena layout does not match this LoRA config and base model")
        self.config = config
        self.modelConfig = modelConfig
        self.arena = arena
        layers = (0..<modelConfig.numHiddenLayers).map { l in
            LoRATarget.allCases.map { target in
                guard config.adapts(target) else { return nil }
                return LoRAMatrices(a: arena[Self.name(layer: l, target: target, matrix: "A")],
                                    b: arena[Self.name(layer: l, target: target, matrix: "B")])
            }
        }
    }

    /// A fresh zeroed arena with this adapter's layout, viewed as parameters.
    public init(zeroedFor config: LoRAConfig, modelConfig: LlamaConfig) {
        self.init(config: config, modelConfig: modelConfig,
                  arena: TensorArena(layout: Self.layout(for: config, model: modelConfig)))
    }

    /// Layer `layer`'s matrices for `target`, or `nil` when the adapter does not target it.
    public subscript(layer: Int, target: LoRATarget) -> LoRAMatrices? { layers[layer][target.index] }

    /// Every tensor as `(name, shape, buffer)` in arena order, with PEFT's names.
    public func namedTensors() -> [(name: String, shape: Shape, buffer: UnsafeMutableBufferPointer<Float>)] {
        arena.layout.views.map { ($0.name, $0.shape, arena.buffer($0)) }
    }
}
