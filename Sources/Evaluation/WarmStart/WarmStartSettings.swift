import Deterministic
import Llama

/// Everything that determines a warm-started base policy: the architecture, the data and the optimisation.
/// Two runs with equal settings produce identical weights, which is what lets ``SupervisedWarmStart`` cache them
/// under ``cacheKey``.
public struct WarmStartSettings: Sendable, Equatable {
    /// The architecture; its `vocabSize` must be ``ByteTokenizer``'s (259), BOS 256 and EOS 257.
    public var model: LlamaConfig
    /// Seed of the labeled examples (`task.labeled(count:seed:)`). Tuning prompts must use another seed.
    public var dataSeed: UInt64
    /// Seed of the initial weights and of the batch order.
    public var seed: UInt64
    /// Labeled examples drawn once; batches are sampled from them with replacement.
    public var examples: Int
    /// Optimiser steps.
    public var steps: Int
    /// B, sequences per step.
    public var batchSize: Int
    /// Peak learning rate, reached after ``warmupSteps`` and decayed by a cosine to ``minLearningRate``.
    public var learningRate: Float
    public var minLearningRate: Float
    public var warmupSteps: Int
    public var weightDecay: Float
    /// Global gradient-norm clip; 0 turns clipping off.
    public var maxGradNorm: Float
    /// AdamW's second-moment decay. With 0.95, as LLM pre-training uses, the document-QA warm start left its loss
    /// plateau; with 0.999 (the default, and what the arithmetic bases were made with) it stayed on it
    /// (docs/results.md).
    public var beta2: Float

    public init(
        model: LlamaConfig = WarmStartSettings.defaultModel, dataSeed: UInt64 = 1, seed: UInt64 = 1,
        examples: Int = 20_000, steps: Int = 1_500, batchSize: Int = 32, learningRate: Float = 3e-3,
        minLearningRate: Float = 3e-4, warmupSteps: Int = 30, weightDecay: Float = 0.05, maxGradNorm: Float = 1,
        beta2: Float = 0.999
    ) {
        self.model = model
        self.dataSeed = dataSeed
        self.seed = seed
        self.examples = examples
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.minLearningRate = minLearningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.beta2 = beta2
    }

    /// About 0.8 M parameters over bytes: V 259, C 128, L 4, H 4, Hkv 2, F 344, 192 positions.
    public static let defaultModel = LlamaConfig(
        vocabSize: 259, hiddenSize: 128, intermediateSize: 344, numHiddenLayers: 4, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 192, bosTokenId: 256, eosTokenId: 257)

    /// The learning rate by step: linear warm-up, then a cosine down to ``minLearningRate`` at ``steps``.
    public var schedule: LearningRateSchedule {
        LearningRateSchedule(
            peak: learningRate, warmupSteps: warmupSteps, decay: .cosine(minimum: minLearningRate, totalSteps: steps))
    }

    /// Every field, in a fixed order: the input of ``cacheKey``. `beta2` appears only when it is not the default,
    /// so bases cached before it existed keep their keys.
    public var canonicalDescription: String {
        let m = model
        let optimizer = beta2 == 0.999 ? [] : ["beta2 \(beta2)"]
        return ([
            "v\(m.vocabSize) c\(m.hiddenSize) f\(m.intermediateSize) l\(m.numHiddenLayers) h\(m.numAttentionHeads)",
            "kv\(m.numKeyValueHeads) p\(m.maxPositionEmbeddings) eps\(m.rmsNormEps) theta\(m.ropeTheta)",
            "tie\(m.tieWordEmbeddings) data\(dataSeed) seed\(seed) n\(examples) steps\(steps) b\(batchSize)",
            "lr\(learningRate) min\(minLearningRate) warm\(warmupSteps) wd\(weightDecay) clip\(maxGradNorm)",
        ] + optimizer).joined(separator: " ")
    }

    /// 16 hex digits of FNV-1a over ``canonicalDescription`` and `task`: names the cache directory.
    public func cacheKey(task: String) -> String {
        let hash = FNV1a.hash64("\(task) \(canonicalDescription)")
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
