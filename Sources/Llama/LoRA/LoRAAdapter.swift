import Foundation
import Tensors

/// A LoRA adapter for one base model: its weights and their gradients, in arenas of one layout.
///
/// Attach it to a ``LlamaModel`` (``LlamaModel/attach(_:)``) to train it with the base frozen; save and load it
/// as PEFT does (`LoRAAdapter+PEFT.swift`); merge it into plain weights for generation
/// (``LlamaModel/mergeAdapter()``).
///
/// Threading: like the model, not thread-safe and not `Sendable`; keep it with its model.
public final class LoRAAdapter {
    public let config: LoRAConfig
    /// The base model's config that fixes every tensor's shape.
    public let modelConfig: LlamaConfig
    /// The trained weights, named as PEFT saves them.
    public let parameters: LoRAParameters
    /// Gradients in the same layout as ``parameters``, filled by the model's backward while attached; allocated on
    /// first use.
    public private(set) lazy var gradients = LoRAParameters(zeroedFor: config, modelConfig: modelConfig)

    /// An adapter with all weights zero, for a loader to fill through ``parameters``.
    public init(config: LoRAConfig, modelConfig: LlamaConfig) {
        self.config = config
        self.modelConfig = modelConfig
        parameters = LoRAParameters(zeroedFor: config, modelConfig: modelConfig)
    }

    /// An adapter initialised as PEFT's default (`init_lora_weights=True`), reproducibly from `seed`: every A
    /// from `kaiming_uniform_(a=√5)`, i.e. U(−1/√in, 1/√in); every B zero, so the adapted model starts equal to
    /// the base.
    public convenience init(config: LoRAConfig, modelConfig: LlamaConfig, seed: UInt64) {
        self.init(config: config, modelConfig: modelConfig)
        var generator = SeededGenerator(seed: seed)
        for l in 0..<modelConfig.numHiddenLayers {
            for target in config.targets {
                let bound = 1 / Float(target.shape(modelConfig).in).squareRoot()
                let a = parameters[l, target]!.a
                for i in 0..<(config.rank * target.shape(modelConfig).in) {
                    a[i] = Float.random(in: -bound..<bound, using: &generator)
                }
            }
        }
    }

    /// Sets every gradient to zero; backward passes accumulate.
    public func zeroGradients() { gradients.arena.zero() }

    /// Adds `scaling · B A` (out, in) to every targeted weight of `base`: the plain weights that compute what the
    /// base with this adapter computes.
    ///
    /// - base: parameters of a model with ``modelConfig``, updated in place
    public func merge(into base: LlamaParameters) {
        precondition(base.config == modelConfig, "The adapter was built for a different base model config")
        let r = config.rank
        for l in 0..<modelConfig.numHiddenLayers {
            for target in config.targets {
                let (out, inp) = target.shape(modelConfig)
                let m = parameters[l, target]!
                BLAS.sgemm(.none, .none, m: out, n: inp, k: r, alpha: config.scaling, a: m.b, lda: r, b: m.a, ldb: inp,
                           beta: 1, c: target.weight(in: base.layers[l]), ldc: inp)
            }
        }
    }
}
