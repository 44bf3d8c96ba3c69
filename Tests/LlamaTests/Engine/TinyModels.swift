import Tensors
@testable import Llama

/// Tiny configurations for fast model-level tests.
enum TinyModels {
    static func config(H: Int = 4, Hkv: Int = 2, tied: Bool = false) -> LlamaConfig {
        LlamaConfig(vocabSize: 13, hiddenSize: 16, intermediateSize: 20, numHiddenLayers: 2,
                    numAttentionHeads: H, numKeyValueHeads: Hkv, maxPositionEmbeddings: 32,
                    rmsNormEps: 1e-5, ropeTheta: 10_000, tieWordEmbeddings: tied)
    }

    /// A model with large-ish random weights (so gradients are well above finite-difference noise) and norm weights
    /// that are not all 1 (so a norm that ignores its weight would be caught).
    static func model(_ config: LlamaConfig, seed: UInt64 = 42) -> LlamaModel {
        let model = LlamaModel(config: config, seed: seed)
        model.parameters.randomize(seed: seed, std: 0.3)
        var generator = SeededGenerator(seed: seed + 1)
        for (_, shape, buffer) in model.parameters.namedTensors() where shape.rank == 1 {
            generator.fillNormal(buffer, mean: 1, std: 0.2)
        }
        return model
    }

    static func tokens(B: Int, T: Int, V: Int, seed: UInt64) -> [Int32] {
        var generator = SeededGenerator(seed: seed)
        return (0..<(B * T)).map { _ in Int32.random(in: 0..<Int32(V), using: &generator) }
    }

    /// `tokens` shifted left by one within each row, the last position ignored (−1): causal-LM targets.
    static func shiftedTargets(_ tokens: [Int32], B: Int, T: Int) -> [Int32] {
        (0..<(B * T)).map { i in i % T == T - 1 ? -1 : tokens[i + 1] }
    }
}
