import Evaluation
import Fleet
import Foundation
import Llama
import Tasks
import Tuning

/// The SFT baseline: continue training a base policy on labeled examples — the labels of the very prompts TAO tunes
/// on without them — so that "TAO vs SFT" compares prompts-plus-compute against prompts-plus-labels.
///
/// Each epoch visits every example once in a seeded shuffled order, in batches of ``FineTuneSettings/batchSize``,
/// with the loss on the answer and terminator only (`SupervisedBatch`, as the warm start), gradient clipping and
/// AdamW on a short warm-up then a cosine to a tenth of the peak.
///
/// Blocking and CPU-bound: call it from a dedicated thread or `BlockingWorker`.
public enum SupervisedFineTune {
    public struct Progress: Sendable, Equatable {
        /// 1-based.
        public var step: Int
        public var steps: Int
        /// Mean cross-entropy per answer token of this step's batch, before the update.
        public var loss: Float
    }

    /// Trains `model` in place on `examples`.
    public static func train(
        _ model: LlamaModel, examples: [LabeledExample], settings: FineTuneSettings,
        progress: (Progress) -> Void = { _ in }
    ) throws {
        try settings.validate()
        guard !examples.isEmpty else { throw WarmStartError.noExamples(task: "fine-tune") }
        let tokenizer = ByteTokenizer()
        let batchesPerEpoch = (examples.count + settings.batchSize - 1) / settings.batchSize
        let steps = batchesPerEpoch * settings.epochs
        let optimizer = AdamW(
            layout: model.parameters.arena.layout, weightDecay: settings.weightDecay, decays: { $0.shape.rank > 1 })
        let schedule = LearningRateSchedule(
            peak: settings.learningRate, warmupSteps: settings.warmupSteps,
            decay: .cosine(minimum: settings.learningRate / 10, totalSteps: steps))
        var random = TaskRandom(seed: settings.seed &* 0x9E37_79B9_7F4A_7C15 ^ 0x5F7)
        var step = 0
        for _ in 0..<settings.epochs {
            var order = Array(examples.indices)
            for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, random.int(in: 0...i)) }
            for start in stride(from: 0, to: order.count, by: settings.batchSize) {
                let picked = order[start..<min(order.count, start + settings.batchSize)].map { examples[$0] }
                let loss = SupervisedBatch(picked, tokenizer: tokenizer).trainStep(
                    model, optimizer: optimizer, learningRate: schedule.learningRate(at: step),
                    maxGradNorm: settings.maxGradNorm)
                step += 1
                progress(Progress(step: step, steps: steps, loss: loss))
            }
        }
    }
}

/// How the SFT baseline trains; chosen on the dev split like TAO's settings.
public struct FineTuneSettings: Sendable, Equatable, Codable {
    /// Passes over the labeled examples.
    public var epochs: Int
    /// Sequences per step.
    public var batchSize: Int
    /// Peak learning rate, after ``warmupSteps``, then a cosine to a tenth.
    public var learningRate: Float
    public var warmupSteps: Int
    public var weightDecay: Float
    /// Global gradient-norm clip; 0 turns clipping off.
    public var maxGradNorm: Float
    /// Seed of the shuffles.
    public var seed: UInt64

    public init(
        epochs: Int = 2, batchSize: Int = 16, learningRate: Float = 3e-4, warmupSteps: Int = 5,
        weightDecay: Float = 0, maxGradNorm: Float = 1, seed: UInt64 = 3
    ) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.seed = seed
    }

    func validate() throws {
        guard epochs >= 1, batchSize >= 1 else {
            throw WarmStartError.invalid("fine-tuning needs at least one epoch and a batch of at least one")
        }
        guard learningRate > 0, warmupSteps >= 0 else {
            throw WarmStartError.invalid("the fine-tuning learning rate must be positive, warm-up steps not negative")
        }
    }
}
