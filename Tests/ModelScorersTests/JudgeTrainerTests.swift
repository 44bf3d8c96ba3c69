import Foundation
import Llama
@testable import ModelScorers
import Scoring
import Tasks
import Tensors
import Testing

@Suite struct JudgeTrainerTests {
    /// The verdict read at the response's last token, so a tiny model can learn a rule about it quickly.
    static let template = JudgeTemplate(mode: .yesNo, text: "{prompt}{response}")
    let prompt = TaskPrompt(id: "p", task: "t", text: "q123=")
    let responses = ["44", "7", "12345678", "0"]

    /// A tiny judge with a LoRA adapter whose B is not zero, so the adapter changes the verdicts.
    func adaptedJudge(seed: UInt64 = 5) throws -> LLMJudge {
        let judge = try LLMJudge(policy: TinyPolicies.policy(seed: seed), template: Self.template)
        let adapter = LoRAAdapter(config: LoRAConfig(rank: 2, alpha: 4), modelConfig: TinyPolicies.config, seed: 1)
        var generator = SeededGenerator(seed: 2)
        generator.fillNormal(adapter.parameters.arena.buffer, std: 0.3)
        judge.policy.model.attach(adapter)
        return judge
    }

    @Test func theTrainedLogOddsAreTheVerdictTheJudgeReads() throws {
        let judge = try adaptedJudge()
        let verdict = VerdictLogOdds(judge: judge)
        let logOdds = verdict.logOdds(try responses.map { try verdict.sequence(prompt: prompt, response: $0) })
        let scores = try judge.judge(prompt: prompt, responses: responses)
        for (s, score) in zip(logOdds, scores) {
            #expect(abs(BradleyTerry.sigmoid(Double(s)) - score) < 1e-4, "σ(\(s)) against the judge's \(score)")
        }
        #expect(Set(scores).count == responses.count, "different answers get different verdicts")
    }

    func loss(_ verdict: VerdictLogOdds, _ sequences: [[Int]], _ labels: [Bool]) -> (Double, [Float]) {
        JudgeTrainer.crossEntropy(logOdds: verdict.logOdds(sequences), labels: labels)
    }

    @Test func adapterGradientsMatchFiniteDifferencesAndLeaveTheBaseFrozen() throws {
        let judge = try adaptedJudge()
        let verdict = VerdictLogOdds(judge: judge)
        let sequences = try responses.map { try verdict.sequence(prompt: prompt, response: $0) }
        let labels = [true, false, false, true]
        let before = Array(judge.policy.model.parameters.arena.buffer)
        judge.policy.model.zeroGradients()
        let (_, d) = loss(verdict, sequences, labels)
        verdict.backward(dLogOdds: d)
        let adapter = judge.policy.model.adapter!
        let x = adapter.parameters.arena.base, analytic = adapter.gradients.arena.base
        let size = adapter.parameters.arena.count
        var scale: Float = 0
        for i in 0..<size { scale = max(scale, abs(analytic[i])) }
        #expect(scale > 0, "the adapter's gradient is identically zero")
        let eps: Float = 1e-2
        for i in stride(from: 0, to: size, by: max(1, size / 24)) {
            let saved = x[i]
            x[i] = saved + eps
            let plus = loss(verdict, sequences, labels).0
            x[i] = saved - eps
            let minus = loss(verdict, sequences, labels).0
            x[i] = saved
            let numeric = (plus - minus) / (2 * Double(eps))
            #expect(abs(Double(analytic[i]) - numeric) <= 2e-2 * abs(numeric) + 2e-3 * Double(scale),
                    "lora[\(i)]: analytic \(analytic[i]) vs numeric \(numeric)")
        }
        #expect(Array(judge.policy.model.parameters.arena.buffer) == before)
    }

    func settings(epochs: Int) -> JudgeTrainingSettings {
        var settings = JudgeTrainingSettings()
        (settings.epochs, settings.pairsPerStep, settings.learningRate, settings.loraRank) = (epochs, 8, 3e-3, 4)
        return settings
    }

    @Test func learnsASyntheticPreferenceWellAboveChance() throws {
        let judge = try LLMJudge(policy: TinyPolicies.policy(), template: Self.template)
        let trainer = JudgeTrainer(settings: settings(epochs: 12))
        try trainer.attachAdapter(to: judge)
        let report = try trainer.train(judge, pairs: RewardModelTests.parityPairs(count: 300, seed: 4))
        #expect(report.heldOutPairs >= 40 && report.trainPairs >= 200)
        #expect(report.heldOutAccuracy > report.heldOutAccuracyBefore + 0.15, "before \(report.heldOutAccuracyBefore)")
        #expect(report.heldOutAccuracy > 0.9, "held-out pairwise accuracy \(report.heldOutAccuracy)")
        #expect(report.heldOutVerdictAccuracy > 0.85, "held-out verdict accuracy \(report.heldOutVerdictAccuracy)")
        #expect(report.epochLosses.last! < report.epochLosses.first!)
    }

    @Test func aSavedJudgeLoadsAsAModelAndAsksWithItsTemplate() async throws {
        let directory = TinyPolicies.temporaryDirectory("judge")
        defer { try? FileManager.default.removeItem(at: directory) }
        let basePath = directory.appendingPathComponent("base")
        try TinyPolicies.policy().save(to: basePath)
        let judge = try LLMJudge(policy: try LoadedPolicy(path: basePath), template: Self.template)
        let trainer = JudgeTrainer(settings: settings(epochs: 1))
        try trainer.attachAdapter(to: judge)
        let report = try trainer.train(judge, pairs: RewardModelTests.parityPairs(count: 60, seed: 1))
        let saved = directory.appendingPathComponent("judge")
        try JudgeDirectory.save(judge, to: saved, basePath: basePath.path, training: report)
        #expect(LoadedPolicy.isAdapterDirectory(saved) && !LoadedPolicy.isAdapterDirectory(basePath))
        #expect(try JudgeDirectory.manifest(at: saved)?.training == report)
        #expect(try JudgeDirectory.manifest(at: basePath) == nil)

        // Configured as any judge, with no template of its own: it asks with the one it was trained with, and its
        // verdicts are the trained ones (the adapter merged into the base on load).
        var models = ModelScorerSettings()
        models.judgeModel = saved.path
        let scorer = try ScorerRegistry.standard.adding(models).makeScorer(config: "judge", for: ArithmeticTask())
        let loaded = try await scorer.score(prompt: prompt, completions: responses).map(\.total)
        let trained = try judge.judge(prompt: prompt, responses: responses)
        for (a, b) in zip(loaded, trained) { #expect(abs(a - b) < 1e-4, "loaded \(a) against trained \(b)") }
        let untrained = try LLMJudge(policy: try LoadedPolicy(path: basePath), template: Self.template)
            .judge(prompt: prompt, responses: responses)
        #expect(zip(loaded, untrained).contains { abs($0 - $1) > 1e-3 }, "the adapter changes the verdicts")
        // A template set in the configuration wins.
        models.judgeTemplate = "Q: {prompt} A: {response}"
        #expect(models.judgeTemplate(trained: try JudgeDirectory.manifest(at: saved)).text == "Q: {prompt} A: {response}")
    }

    @Test func anAdapterWhoseBaseIsNotOnDiskIsRefusedWithWhatToDo() throws {
        let directory = TinyPolicies.temporaryDirectory("adapter")
        defer { try? FileManager.default.removeItem(at: directory) }
        let adapter = LoRAAdapter(config: LoRAConfig(rank: 2, alpha: 4), modelConfig: TinyPolicies.config, seed: 1)
        try adapter.save(to: directory, baseModelNameOrPath: "gone/base")
        #expect { _ = try LoadedPolicy(path: directory) } throws: {
            "\($0)".contains("base_model_name_or_path") && "\($0)".contains("not on disk")
        }
        try adapter.save(to: directory, baseModelNameOrPath: nil)
        #expect { _ = try LoadedPolicy(path: directory) } throws: { "\($0)".contains("names no base model") }
    }

    @Test func onlyAYesNoJudgeIsTrained() throws {
        let judge = try LLMJudge(policy: TinyPolicies.policy(), template: JudgeTemplate(mode: .grade))
        #expect { try JudgeTrainer(settings: JudgeTrainingSettings()).attachAdapter(to: judge) } throws: {
            "\($0)".contains("--judge-mode yes-no")
        }
        var settings = JudgeTrainingSettings()
        settings.loraRank = 0
        #expect { try settings.validate() } throws: { "\($0)".contains("lora-rank") }
    }
}
