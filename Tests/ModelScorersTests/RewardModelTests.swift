import Foundation
import Llama
import ModelScorers
import Scoring
import Tasks
import Tensors
import Testing

@Suite struct RewardModelTests {
    /// The Bradley–Terry loss of two pairs, through the engine and the head.
    func pairLoss(_ model: RewardModel, _ sequences: [[Int]]) -> (loss: Double, dChosen: [Float], dRejected: [Float]) {
        let rewards = model.rewards(sequences)
        return BradleyTerry.loss(chosen: Array(rewards[..<2]), rejected: Array(rewards[2...]))
    }

    /// Central differences of the pair loss against the analytic gradient, at `count` spread entries of `x`.
    func expectGradientMatches(
        _ label: String, x: UnsafeMutablePointer<Float>, analytic: UnsafePointer<Float>, size: Int,
        model: RewardModel, sequences: [[Int]], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        var scale: Float = 0
        for i in 0..<size { scale = max(scale, abs(analytic[i])) }
        #expect(scale > 0, "\(label): the gradient is identically zero", sourceLocation: sourceLocation)
        let eps: Float = 1e-2
        for i in stride(from: 0, to: size, by: max(1, size / 24)) {
            let saved = x[i]
            x[i] = saved + eps
            let plus = pairLoss(model, sequences).loss
            x[i] = saved - eps
            let minus = pairLoss(model, sequences).loss
            x[i] = saved
            let numeric = (plus - minus) / (2 * Double(eps))
            #expect(abs(Double(analytic[i]) - numeric) <= 2e-2 * abs(numeric) + 2e-3 * Double(scale),
                    "\(label)[\(i)]: analytic \(analytic[i]) vs numeric \(numeric)", sourceLocation: sourceLocation)
        }
    }

    /// Sequences of different lengths, so the last-token gather and the right padding are both exercised.
    let sequences: [[Int]] = [[256, 49, 50, 61, 51], [256, 55, 43, 56, 61, 49, 51, 10], [256, 49, 50, 61, 52, 52], [256, 55, 61]]

    @Test func headAndEngineGradientsMatchFiniteDifferences() {
        let model = RewardModel(policy: TinyPolicies.policy(), head: RewardHead(hiddenSize: 32, seed: 5))
        _ = pairLoss(model, sequences)
        model.zeroGradients()
        let (_, dChosen, dRejected) = pairLoss(model, sequences)
        model.backward(dRewards: dChosen + dRejected)
        let head = model.head
        expectGradientMatches("score.weight", x: head.parameters.base, analytic: head.gradients.base, size: 32, model: model, sequences: sequences)
        let engine = model.policy.model
        for name in ["model.embed_tokens.weight", "model.layers.0.self_attn.q_proj.weight", "model.layers.1.mlp.down_proj.weight", "model.norm.weight"] {
            let view = engine.parameters.arena.layout[name]!
            expectGradientMatches(
                name, x: engine.parameters.arena[view], analytic: engine.gradients.arena[view], size: view.count,
                model: model, sequences: sequences)
        }
    }

    @Test func loraGradientsMatchFiniteDifferencesAndLeaveTheBaseFrozen() {
        let policy = TinyPolicies.policy()
        let adapter = LoRAAdapter(config: LoRAConfig(rank: 2, alpha: 4), modelConfig: TinyPolicies.config, seed: 1)
        var generator = SeededGenerator(seed: 2)
        generator.fillNormal(adapter.parameters.arena.buffer, std: 0.3)  // B ≠ 0, so A's gradient is not zero
        policy.model.attach(adapter)
        let model = RewardModel(policy: policy, head: RewardHead(hiddenSize: 32, seed: 5))
        let before = Array(policy.model.parameters.arena.buffer)
        model.zeroGradients()
        let (_, dChosen, dRejected) = pairLoss(model, sequences)
        model.backward(dRewards: dChosen + dRejected)
        let arena = adapter.parameters.arena
        expectGradientMatches(
            "lora", x: arena.base, analytic: adapter.gradients.arena.base, size: arena.count, model: model, sequences: sequences)
        #expect(Array(policy.model.parameters.arena.buffer) == before)
    }

    @Test func paddingDoesNotChangeAReward() {
        let model = RewardModel(policy: TinyPolicies.policy(), head: RewardHead(hiddenSize: 32, seed: 5))
        let alone = sequences.map { model.rewards([$0])[0] }
        let together = model.rewards(sequences)
        for (a, b) in zip(alone, together) { #expect(abs(a - b) < 1e-5) }
    }

    /// Responses that end in an even digit are preferred: a rule the model has to learn from pairs alone.
    static func parityPairs(count: Int, seed: UInt64) -> [PreferencePair] {
        var generator = SeededGenerator(seed: seed)
        func digits(_ n: Int) -> String { (0..<n).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined() }
        return (0..<count).map { i in
            let prompt = "q\(digits(3))="
            let stem1 = digits(Int.random(in: 1...4, using: &generator)), stem2 = digits(Int.random(in: 1...4, using: &generator))
            let even = String(2 * Int.random(in: 0...4, using: &generator)), odd = String(2 * Int.random(in: 0...4, using: &generator) + 1)
            return PreferencePair(id: "p\(i)", prompt: prompt, chosen: stem1 + even, rejected: stem2 + odd)
        }
    }

    @Test(arguments: [0, 4]) func learnsASyntheticPreferenceWellAboveChance(loraRank: Int) async throws {
        var settings = RewardModelTrainingSettings()
        settings.loraRank = loraRank
        settings.epochs = 4
        settings.pairsPerStep = 8
        settings.learningRate = loraRank == 0 ? 3e-3 : 1e-2
        settings.headLearningRate = 1e-2
        let trainer = RewardModelTrainer(settings: settings)
        let model = trainer.makeModel(policy: TinyPolicies.policy())
        let report = try trainer.train(model, pairs: Self.parityPairs(count: 300, seed: 4))
        #expect(report.heldOutPairs >= 40 && report.trainPairs >= 200)
        #expect(report.heldOutAccuracy > 0.9, "held-out pairwise accuracy \(report.heldOutAccuracy)")
        #expect(report.epochLosses.last! < report.epochLosses.first!)
        // Calibrated scores separate the two sides of held-out-like pairs.
        let scorer = RewardModelScorer(model: model, batchSize: 3)
        let fresh = Self.parityPairs(count: 40, seed: 99)
        var chosenMean = 0.0, rejectedMean = 0.0
        for pair in fresh {
            let scores = try await scorer.score(prompt: pair.taskPrompt, completions: [pair.chosen, pair.rejected]).map(\.total)
            chosenMean += scores[0] / 40
            rejectedMean += scores[1] / 40
        }
        #expect(chosenMean > 0.7 && rejectedMean < 0.3, "calibrated means: chosen \(chosenMean), rejected \(rejectedMean)")
    }

    @Test(arguments: [0, 2]) func savesAndLoadsBackTheSameScores(loraRank: Int) async throws {
        let directory = TinyPolicies.temporaryDirectory("rm")
        defer { try? FileManager.default.removeItem(at: directory) }
        let basePath = directory.appendingPathComponent("base")
        let base = TinyPolicies.policy()
        try base.save(to: basePath)
        var settings = RewardModelTrainingSettings()
        settings.loraRank = loraRank
        settings.epochs = 1
        let trainer = RewardModelTrainer(settings: settings)
        let model = trainer.makeModel(policy: try LoadedPolicy(path: basePath))
        let report = try trainer.train(model, pairs: Self.parityPairs(count: 60, seed: 1))
        let saved = directory.appendingPathComponent("rm")
        try RewardModelDirectory.save(model, to: saved, basePath: basePath.path, training: report)
        let files = try FileManager.default.contentsOfDirectory(atPath: saved.path)
        #expect(files.contains("score.safetensors") && files.contains("reward_model.json"))
        #expect(files.contains(loraRank > 0 ? "adapter_model.safetensors" : "model.safetensors"))
        let loaded = try RewardModelDirectory.load(saved)
        #expect(loaded.calibration == model.calibration)
        let prompt = TaskPrompt(id: "x", task: "t", text: "q123=")
        let responses = ["44", "7", "12345678"]
        let one = try await RewardModelScorer(model: model, batchSize: 1).score(prompt: prompt, completions: responses)
        let batched = try await RewardModelScorer(model: loaded, batchSize: 8).score(prompt: prompt, completions: responses)
        #expect(one.count == 3)
        for (x, y) in zip(one, batched) { #expect(abs(x.total - y.total) < 1e-5) }
    }

    /// `tao reward-model calibrate`: the held-out split is the one training held out, so refitting a stale
    /// calibration gives back what training fitted, and the manifest on disk takes it.
    @Test func recalibratingRefitsTheTrainingCalibrationOnTheSameSplit() throws {
        let directory = TinyPolicies.temporaryDirectory("rm-calibrate")
        defer { try? FileManager.default.removeItem(at: directory) }
        let basePath = directory.appendingPathComponent("base")
        try TinyPolicies.policy().save(to: basePath)
        var settings = RewardModelTrainingSettings()
        (settings.loraRank, settings.epochs) = (2, 2)
        let trainer = RewardModelTrainer(settings: settings)
        let model = trainer.makeModel(policy: try LoadedPolicy(path: basePath))
        let pairs = Self.parityPairs(count: 80, seed: 3)
        let report = try trainer.train(model, pairs: pairs)
        let saved = directory.appendingPathComponent("rm")
        model.calibration = PlattCalibration(a: 3e5, b: 1e5)  // what an older build's diverged fit left
        try RewardModelDirectory.save(model, to: saved, basePath: basePath.path, training: report)

        let stale = try RewardModelDirectory.load(saved)
        #expect(stale.calibration.a == 3e5)
        let refit = try trainer.calibrate(stale, pairs: pairs)
        #expect(refit.heldOutPairs == report.heldOutPairs && refit.heldOutAccuracy == report.heldOutAccuracy)
        #expect(refit.before.a == 3e5)
        #expect(abs(refit.calibration.a - report.calibration.a) < 1e-9 && abs(refit.calibration.b - report.calibration.b) < 1e-9)
        try RewardModelDirectory.recalibrate(at: saved, to: refit.calibration)
        let loaded = try RewardModelDirectory.load(saved)
        #expect(loaded.calibration == refit.calibration)
    }

    @Test func aDirectoryThatIsNotARewardModelIsRefusedWithWhatToDo() {
        let directory = TinyPolicies.temporaryDirectory("not-rm")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect {
            _ = try RewardModelDirectory.load(directory)
        } throws: { "\($0)".contains("no reward_model.json") && "\($0)".contains("tao reward-model train") }
    }

    @Test func preferencePairsParseWithLineNumbersInTheirErrors() throws {
        let good = """
            {"prompt": "1+1=", "chosen": "2", "rejected": "3"}

            {"messages": [{"role": "user", "content": "What is 1 + 1?"}], "chosen": "2", "rejected": "11", "id": "c"}
            """
        let pairs = try PreferencePair.parse(good, file: "p.jsonl")
        #expect(pairs.map(\.id) == ["line-1", "c"] && pairs[1].messages?.first?.content == "What is 1 + 1?")
        #expect(try PreferencePair.parse(try PreferencePair.jsonLines(pairs), file: "again") == pairs)
        for (bad, says) in [
            ("{\"prompt\": \"x\", \"chosen\": \"a\"}", "p.jsonl:1: not a pair object"),
            ("{\"prompt\": \"x\", \"messages\": [], \"chosen\": \"a\", \"rejected\": \"b\"}", "exactly one of"),
            ("\n{\"prompt\": \"x\", \"chosen\": \"a\", \"rejected\": \"a\"}", "p.jsonl:2: \"chosen\" and \"rejected\" are the same"),
            ("", "holds no preference pairs"),
        ] {
            #expect { _ = try PreferencePair.parse(bad, file: "p.jsonl") } throws: { "\($0)".contains(says) }
        }
    }
}
