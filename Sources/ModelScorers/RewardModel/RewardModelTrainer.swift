import Foundation
import Llama
import Tasks
import Tensors

/// Fits a ``RewardModel`` to preference pairs with the Bradley–Terry loss, reports pairwise accuracy on a held-out
/// split of the prompts, and fits the calibration on that split. Blocking, CPU-bound: run it off the cooperative
/// pool.
public struct RewardModelTrainer {
    public let settings: RewardModelTrainingSettings

    public init(settings: RewardModelTrainingSettings) { self.settings = settings }

    /// What a training run measured.
    public struct Report: Codable, Sendable, Hashable {
        public var trainPairs: Int
        public var heldOutPairs: Int
        /// Share of held-out pairs whose chosen response out-rewards the rejected one (ties count half), before and
        /// after training.
        public var heldOutAccuracyBefore: Double
        public var heldOutAccuracy: Double
        public var trainAccuracy: Double
        public var heldOutLoss: Double
        /// Mean training loss of each epoch.
        public var epochLosses: [Double]
        public var steps: Int
        public var seconds: Double
        public var calibration: PlattCalibration
    }

    /// Which pairs train and which are held out (``PreferencePair/split(_:seed:heldOutFraction:)``).
    public func split(_ pairs: [PreferencePair]) -> (train: [PreferencePair], heldOut: [PreferencePair]) {
        PreferencePair.split(pairs, seed: settings.seed, heldOutFraction: settings.heldOutFraction)
    }

    /// A fresh reward model over `policy`: the head from noise and, with a LoRA rank, a new adapter attached.
    public func makeModel(policy: LoadedPolicy) -> RewardModel {
        if settings.loraRank > 0 {
            let config = LoRAConfig(rank: settings.loraRank, alpha: Float(settings.loraAlpha))
            policy.model.attach(LoRAAdapter(config: config, modelConfig: policy.model.config, seed: settings.seed))
        }
        return RewardModel(
            policy: policy, head: RewardHead(hiddenSize: policy.model.config.hiddenSize, seed: settings.seed &+ 1),
            maxResponseTokens: settings.maxResponseTokens)
    }

    /// Trains `model` on `pairs` and sets its calibration.
    /// - Parameter progress: after each step, (step, total steps, that step's loss)
    public func train(
        _ model: RewardModel, pairs: [PreferencePair], progress: (Int, Int, Double) -> Void = { _, _, _ in }
    ) throws -> Report {
        try settings.validate()
        let (trainPairs, heldOut) = split(pairs)
        guard trainPairs.count >= 2, heldOut.count >= 1 else {
            throw RewardModelError.tooFewPairs(train: trainPairs.count, heldOut: heldOut.count)
        }
        let started = ContinuousClock.now
        let encoded = try trainPairs.map { try encode($0, model) }
        let heldOutEncoded = try heldOut.map { try encode($0, model) }
        let before = evaluate(model, heldOutEncoded)

        let engine = model.policy.model
        let body = engine.adapter?.parameters.arena ?? engine.parameters.arena
        let bodyGradients = engine.adapter?.gradients.arena ?? engine.gradients.arena
        let bodyOptimizer = AdamW(layout: body.layout, weightDecay: 0)
        let headOptimizer = AdamW(layout: model.head.parameters.layout, weightDecay: 0)
        let loop = PreferenceEpochs(epochs: settings.epochs, pairsPerStep: settings.pairsPerStep, seed: settings.seed)
        let (epochLosses, steps) = loop.run(count: encoded.count, progress: progress) { indices, scale in
            let batch = indices.map { encoded[$0] }
            let rewards = model.rewards(batch.map(\.chosen) + batch.map(\.rejected))
            let (loss, dChosen, dRejected) = BradleyTerry.loss(
                chosen: Array(rewards[..<batch.count]), rejected: Array(rewards[batch.count...]))
            model.zeroGradients()
            model.backward(dRewards: dChosen + dRejected)
            bodyOptimizer.step(parameters: body, gradients: bodyGradients, learningRate: Float(settings.learningRate * scale))
            headOptimizer.step(
                parameters: model.head.parameters, gradients: model.head.gradients,
                learningRate: Float(settings.headLearningRate * scale))
            return loss
        }
        let after = evaluate(model, heldOutEncoded)
        let train = evaluate(model, encoded)
        model.calibration = Self.calibration(chosen: after.chosen, rejected: after.rejected)
        let elapsed = ContinuousClock.now - started
        return Report(
            trainPairs: trainPairs.count, heldOutPairs: heldOut.count, heldOutAccuracyBefore: before.accuracy,
            heldOutAccuracy: after.accuracy, trainAccuracy: train.accuracy, heldOutLoss: after.loss,
            epochLosses: epochLosses, steps: steps, seconds: PreferenceEpochs.seconds(elapsed),
            calibration: model.calibration)
    }

    /// What refitting a trained model's calibration measured.
    public struct Calibration: Codable, Sendable, Hashable {
        public var heldOutPairs: Int
        public var heldOutAccuracy: Double
        public var before: PlattCalibration
        public var calibration: PlattCalibration
    }

    /// Fits `model`'s calibration again on the held-out split of `pairs` (the same split ``train(_:pairs:progress:)``
    /// holds out, given the same seed and share), leaving its weights alone: for a model whose calibration is stale
    /// or was fitted by an older build.
    public func calibrate(_ model: RewardModel, pairs: [PreferencePair]) throws -> Calibration {
        try settings.validate()
        let heldOut = split(pairs).heldOut
        guard !heldOut.isEmpty else { throw RewardModelError.tooFewPairs(train: pairs.count, heldOut: 0) }
        let measured = evaluate(model, try heldOut.map { try encode($0, model) })
        let before = model.calibration
        model.calibration = Self.calibration(chosen: measured.chosen, rejected: measured.rejected)
        return Calibration(
            heldOutPairs: heldOut.count, heldOutAccuracy: measured.accuracy, before: before, calibration: model.calibration)
    }

    /// Platt scaling of held-out rewards: chosen responses labeled 1, rejected 0.
    static func calibration(chosen: [Float], rejected: [Float]) -> PlattCalibration {
        PlattCalibration(
            rewards: chosen.map(Double.init) + rejected.map(Double.init),
            labels: chosen.map { _ in true } + rejected.map { _ in false })
    }

    struct EncodedPair {
        var chosen: [Int]
        var rejected: [Int]
    }

    func encode(_ pair: PreferencePair, _ model: RewardModel) throws -> EncodedPair {
        let prompt = pair.taskPrompt
        let encoded = EncodedPair(
            chosen: try model.input.sequence(prompt, response: pair.chosen),
            rejected: try model.input.sequence(prompt, response: pair.rejected))
        let context = model.policy.model.config.maxPositionEmbeddings
        let longest = max(encoded.chosen.count, encoded.rejected.count)
        if longest > context { throw RewardModelError.tooLong(tokens: longest, context: context) }
        return encoded
    }

    /// Rewards of every pair's two responses, the pairwise accuracy and the mean Bradley–Terry loss.
    func evaluate(_ model: RewardModel, _ pairs: [EncodedPair]) -> (chosen: [Float], rejected: [Float], accuracy: Double, loss: Double) {
        var chosen: [Float] = [], rejected: [Float] = []
        let batch = max(1, settings.pairsPerStep)
        for start in stride(from: 0, to: pairs.count, by: batch) {
            let slice = pairs[start..<min(pairs.count, start + batch)]
            let rewards = model.rewards(slice.map(\.chosen) + slice.map(\.rejected))
            chosen += rewards[..<slice.count]
            rejected += rewards[slice.count...]
        }
        return (chosen, rejected, Self.pairwiseAccuracy(chosen: chosen, rejected: rejected),
                BradleyTerry.loss(chosen: chosen, rejected: rejected).loss)
    }

    /// Share of pairs whose chosen reward is higher; a tie counts half.
    public static func pairwiseAccuracy(chosen: [Float], rejected: [Float]) -> Double {
        guard !chosen.isEmpty else { return 0 }
        let wins = zip(chosen, rejected).map { $0 > $1 ? 1.0 : $0 == $1 ? 0.5 : 0 }.reduce(0, +)
        return wins / Double(chosen.count)
    }
}
