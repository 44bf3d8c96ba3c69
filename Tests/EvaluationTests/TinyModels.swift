import Evaluation
import Experiments
import Llama
import Tuning

/// Small configurations that train and sample in milliseconds.
enum TinyModels {
    static let config = LlamaConfig(
        vocabSize: 259, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 2, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)

    static func warmStart(steps: Int = 40, seed: UInt64 = 1) -> WarmStartSettings {
        WarmStartSettings(
            model: config, dataSeed: 1, seed: seed, examples: 256, steps: steps, batchSize: 8, learningRate: 1e-2,
            minLearningRate: 1e-3, warmupSteps: 5)
    }
}
