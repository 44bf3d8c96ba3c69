import Foundation
import Llama
import Tensors

/// Fine-tunes a yes-no ``LLMJudge`` on preference pairs — a generative verifier: a LoRA adapter over the judge is
/// trained so that, asked its template's question, it answers yes about the chosen response and no about the rejected
/// one. The loss is the binary cross-entropy of the judge's own score `σ(s)` (``VerdictLogOdds``), so the tuned judge is
/// read exactly as an untuned one: the same template, the same verdict tokens, no head of its own. Blocking,
/// CPU-bound: run it off the cooperative pool.
public struct JudgeTrainer {
    public let settings: JudgeTrainingSettings

    public init(settings: JudgeTrainingSettings) { self.settings = settings }

    /// What a training run measured, on the held-out prompts before and after, and on the training pairs after.
    public struct Report: Codable, Sendable, Hashable {
        public var trainPairs: Int
        public var heldOutPairs: Int
        /// Share of held-out pairs whose chosen response gets the higher score (ties count half).
        public var heldOutAccuracyBefore: Double
        public var heldOutAccuracy: Double
        /// Share of held-out responses the judge calls right: yes (score above ½) for chosen, no for rejected.
        public var heldOutVerdictAccuracyBefore: Double
        public var heldOutVerdictAccuracy: Double
        public var trainAccuracy: Double
        /// Mean cross-entropy of the held-out verdicts.
        public var heldOutLoss: Double
        /// Mean training loss of each epoch.
        public var epochLosses: [Double]
        public var steps: Int
        public var seconds: Double
    }

    /// Attaches a fresh adapter to `judge`'s model, the one training fits.
    /// - Throws: `JudgeTrainingError.notYesNo` for a grade or pairwise template.
    public func attachAdapter(to judge: LLMJudge) throws {
        guard judge.template.mode == .yesNo else { throw JudgeTrainingError.notYesNo(judge.template.mode.rawValue) }
        let config = LoRAConfig(rank: settings.loraRank, alpha: Float(settings.loraAlpha))
        judge.policy.model.attach(LoRAAdapter(config: config, modelConfig: judge.policy.model.config, seed: settings.seed))
    }

    /// Trains the adapter attached to `judge` (``attachAdapter(to:)``) on `pairs`.
    /// - Parameter progress: after each step, (step, total steps, that step's loss)
    public func train(
        _ judge: LLMJudge, pairs: [PreferencePair], progress: (Int, Int, Double) -> Void = { _, _, _ in }
    ) throws -> Report {
        try settings.validate()
        guard judge.template.mode == .yesNo else { throw JudgeTrainingError.notYesNo(judge.template.mode.rawValue) }
        guard let adapter = judge.policy.model.adapter else {
            preconditionFailure("train(_:pairs:) needs the adapter attachAdapter(to:) attaches")
        }
        let (trainPairs, heldOut) = PreferencePair.split(pairs, seed: settings.seed, heldOutFraction: settings.heldOutFraction)
        guard trainPairs.count >= 2, heldOut.count >= 1 else {
            throw JudgeTrainingError.tooFewPairs(train: trainPairs.count, heldOut: heldOut.count)
        }
        let started = ContinuousClock.now
        let verdict = VerdictLogOdds(judge: judge)
        let encoded = try trainPairs.map { try encode($0, verdict) }
        let heldOutEncoded = try heldOut.map { try encode($0, verdict) }
        let before = evaluate(verdict, heldOutEncoded)

        let optimizer = AdamW(layout: adapter.parameters.arena.layout, weightDecay: 0)
        let loop = PreferenceEpochs(epochs: settings.epochs, pairsPerStep: settings.pairsPerStep, seed: settings.seed)
        let (epochLosses, steps) = loop.run(count: encoded.count, progress: progress) { indices, scale in
            let batch = indices.map { encoded[$0] }
            let logOdds = verdict.logOdds(batch.map(\.chosen) + batch.map(\.rejected))
            let labels = batch.map { _ in true } + batch.map { _ in false }
            let (loss, dLogOdds) = Self.crossEntropy(logOdds: logOdds, labels: labels)
            judge.policy.model.zeroGradients()
            verdict.backward(dLogOdds: dLogOdds)
            optimizer.step(
                parameters: adapter.parameters.arena, gradients: adapter.gradients.arena,
                learningRate: Float(settings.learningRate * scale))
            return loss
        }
        let after = evaluate(verdict, heldOutEncoded)
        let train = evaluate(verdict, encoded)
        let elapsed = ContinuousClock.now - started
        return Report(
            trainPairs: trainPairs.count, heldOutPairs: heldOut.count, heldOutAccuracyBefore: before.pairwise,
            heldOutAccuracy: after.pairwise, heldOutVerdictAccuracyBefore: before.verdicts,
            heldOutVerdictAccuracy: after.verdicts, trainAccuracy: train.pairwise, heldOutLoss: after.loss,
            epochLosses: epochLosses, steps: steps, seconds: PreferenceEpochs.seconds(elapsed))
    }

    /// The mean binary cross-entropy of verdicts `σ(s)` against labels (yes for true), and its gradient by `s`.
    static func crossEntropy(logOdds: [Float], labels: [Bool]) -> (loss: Double, dLogOdds: [Float]) {
        precondition(logOdds.count == labels.count && !logOdds.isEmpty, "one label per verdict")
        let n = Double(logOdds.count)
        var loss = 0.0
        var d = [Float](repeating: 0, count: logOdds.count)
        for (i, (s, yes)) in zip(logOdds, labels).enumerated() {
            let x = Double(s)
            loss += BradleyTerry.softplus(yes ? -x : x)
            d[i] = Float((BradleyTerry.sigmoid(x) - (yes ? 1 : 0)) / n)
        }
        return (loss / n, d)
    }

    struct EncodedPair {
        var chosen: [Int]
        var rejected: [Int]
    }

    func encode(_ pair: PreferencePair, _ verdict: VerdictLogOdds) throws -> EncodedPair {
        let prompt = pair.taskPrompt
        let encoded = EncodedPair(
            chosen: try verdict.sequence(prompt: prompt, response: pair.chosen),
            rejected: try verdict.sequence(prompt: prompt, response: pair.rejected))
        let context = verdict.judge.policy.model.config.maxPositionEmbeddings
        let longest = max(encoded.chosen.count, encoded.rejected.count)
        if longest > context { throw JudgeError.tooLong(tokens: longest, context: context) }
        return encoded
    }

    /// Pairwise accuracy, verdict accuracy and mean cross-entropy over `pairs`.
    func evaluate(_ verdict: VerdictLogOdds, _ pairs: [EncodedPair]) -> (pairwise: Double, verdicts: Double, loss: Double) {
        var chosen: [Float] = [], rejected: [Float] = []
        let batch = max(1, settings.pairsPerStep)
        for start in stride(from: 0, to: pairs.count, by: batch) {
            let slice = pairs[start..<min(pairs.count, start + batch)]
            let logOdds = verdict.logOdds(slice.map(\.chosen) + slice.map(\.rejected))
            chosen += logOdds[..<slice.count]
            rejected += logOdds[slice.count...]
        }
        guard !chosen.isEmpty else { return (0, 0, 0) }
        let right = chosen.filter { $0 > 0 }.count + rejected.filter { $0 < 0 }.count
        let loss = Self.crossEntropy(
            logOdds: chosen + rejected, labels: chosen.map { _ in true } + rejected.map { _ in false }).loss
        return (RewardModelTrainer.pairwiseAccuracy(chosen: chosen, rejected: rejected),
                Double(right) / Double(2 * chosen.count), loss)
    }
}
