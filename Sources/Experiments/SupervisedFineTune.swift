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
/// AdamW on a short warm-up then a cosine to a tenth of the peak. With ``FineTuneSettings/loraRank`` > 0 (a real
/// model, like TAO's LoRA runs) a LoRA adapter over the frozen base is what trains, merged in at the end.
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

    /// Trains `model` in place on `examples`, laid out with `tokenizer` (chat examples rendered with `chat`).
    public static func train(
        _ model: LlamaModel, tokenizer: any Tokenizer = ByteTokenizer(), chat: ChatFormat? = nil,
        examples: [LabeledExample], settings: FineTuneSettings, progress: (Progress) -> Void = { _ in }
    ) throws {
        try settings.validate()
        guard !examples.isEmpty else { throw WarmStartError.noExamples(task: "fine-tune") }
        let batchesPerEpoch = (examples.count + settings.batchSize - 1) / settings.batchSize
        let steps = batchesPerEpoch * settings.epochs
        if let lora = settings.adapter {
            model.attach(LoRAAdapter(config: lora, modelConfig: model.config, seed: settings.seed))
        }
        let optimizer = AdamW(
            layout: model.adapter?.parameters.arena.layout ?? model.parameters.arena.layout,
            weightDecay: settings.weightDecay, decays: { $0.shape.rank > 1 })
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
                let loss = try SupervisedBatch(picked, tokenizer: tokenizer, chat: chat).trainStep(
                    model, optimizer: optimizer, learningRate: schedule.learningRate(at: step),
                    maxGradNorm: settings.maxGradNorm)
                step += 1
                progress(Progress(step: step, steps: steps, loss: loss))
            }
        }
        if model.adapter != nil { model.mergeAdapter() }
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
    /// Seed of the shuffles (and of a LoRA adapter's initialisation).
    public var seed: UInt64
    /// Rank of a LoRA adapter over the frozen base (q/k/v/o), or 0 to train every parameter.
    public var loraRank: Int = 0
    /// LoRA alpha: the adapter's update is scaled by alpha / rank.
    public var loraAlpha: Float = 16

    public init(
        epochs: Int = 2, batchSize: Int = 16, learningRate: Float = 3e-4, warmupSteps: Int = 5,
        weightDecay: Float = 0, maxGradNorm: Float = 1, seed: UInt64 = 3, loraRank: Int = 0, loraAlpha: Float = 16
    ) {
        self.loraRank = loraRank
        self.loraAlpha = loraAlpha
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.seed = seed
    }

    /// The adapter SFT trains, or `nil` for every parameter.
    public var adapter: LoRAConfig? { loraRank > 0 ? LoRAConfig(rank: loraRank, alpha: loraAlpha) : nil }

    func validate() throws {
        guard loraRank >= 0, loraAlpha > 0 else {
            throw WarmStartError.invalid(
                "the LoRA rank must not be negative (0 trains every parameter), alpha positive")
        }
        guard epochs >= 1, batchSize >= 1 else {
            throw WarmStartError.invalid("fine-tuning needs at least one epoch and a batch of at least one")
        }
        guard learningRate > 0, warmupSteps >= 0 else {
            throw WarmStartError.invalid("the fine-tuning learning rate must be positive, warm-up steps not negative")
        }
    }
}

extension FineTuneSettings {
    private enum CodingKeys: String, CodingKey {
        case epochs, batchSize, learningRate, warmupSteps, weightDecay, maxGradNorm, seed, loraRank, loraAlpha
    }

    /// Results written before SFT could train an adapter have no LoRA fields: they trained every parameter.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            epochs: try c.decode(Int.self, forKey: .epochs), batchSize: try c.decode(Int.self, forKey: .batchSize),
            learningRate: try c.decode(Float.self, forKey: .learningRate),
            warmupSteps: try c.decode(Int.self, forKey: .warmupSteps),
            weightDecay: try c.decode(Float.self, forKey: .weightDecay),
            maxGradNorm: try c.decode(Float.self, forKey: .maxGradNorm), seed: try c.decode(UInt64.self, forKey: .seed),
            loraRank: try c.decodeIfPresent(Int.self, forKey: .loraRank) ?? 0,
            loraAlpha: try c.decodeIfPresent(Float.self, forKey: .loraAlpha) ?? 16)
    }
}
