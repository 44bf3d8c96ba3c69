import Evaluation
import Experiments
import Foundation
import Tasks
import Testing
import Tuning

/// A small version of the experiments in docs/results.md, run in CI: warm-start the easy-arithmetic base, run TAO
/// through the fleet on the embedded Kafka broker on unlabeled prompts that recur as traffic does, and check that the
/// tuned policy answers that traffic better than the base (labels used only to measure), that the evaluation gate
/// promotes it on dev prompts it never saw, and that it costs what the base costs.
@Suite(.serialized) struct SmallExperimentTests {
    @Test(.timeLimit(.minutes(10)))
    func taoImprovesOnItsTrafficOverTheBase() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-small-experiment-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        let setup = try ExperimentSetup(
            task: ArithmeticTask(difficulty: .easy), warmStart: WarmStartSettings(), promptCount: 100,
            evalCount: 100, devCount: 150, evaluation: EvaluationSettings(k: 4, samples: 8),
            cacheRoot: work.appendingPathComponent("cache"), workDirectory: work)
        let base = try await setup.baseDirectory { _ in }
        let tuning = TuningSettings(
            runId: "small-experiment-\(UInt32.random(in: 0...UInt32.max))", samplesPerPrompt: 16, maxNewTokens: 10,
            learningRate: 1e-4, updatesPerVersion: 2, promptsInFlight: 4)
        let result = try await ExperimentArms.tao(
            setup: setup, base: base, tuning: tuning, passes: 12, snapshotEvery: 10_000,
            to: work.appendingPathComponent("tao")) { _ in }
        #expect(result.progress.promptsDone == 12 * setup.promptCount)

        let settings = EvaluationSettings(k: 4, samples: 16)
        let traffic = setup.tuningExamples
        let before = try await Evaluator(directory: base).evaluate(
            task: setup.task, examples: traffic, split: "traffic", settings: settings)
        let after = try await Evaluator(directory: work.appendingPathComponent("tao")).evaluate(
            task: setup.task, examples: traffic, split: "traffic", settings: settings)
        let measured = "on the tuned traffic: pass@1 \(before.passAt1) → \(after.passAt1), sampled accuracy "
            + "\(before.sampledAccuracy) → \(after.sampledAccuracy)"
        print("small experiment: \(measured)")
        // Sampled accuracy (1600 answers per model) is what the RL step raises, and it varies little between runs:
        // +5 to +7 points in four runs, while greedy pass@1 on these 100 prompts went 41 → 51, 46, 41 and 49 %.
        // Greedy pass@1 moves by whole prompts (±4 points of noise), so it is only held to not getting worse.
        #expect(after.sampledAccuracy >= before.sampledAccuracy + 0.03, "\(measured)")
        #expect(after.passAt1 >= before.passAt1 - 0.02, "\(measured)")
        #expect(after.meanGreedyTokens <= before.meanGreedyTokens + 0.5, "answers did not get longer")

        // Snapshots only the final policy (every 10 000 versions): the gate compares it with the base on dev.
        let curve = try await ExperimentArms.versionCurve(setup: setup, base: base, result: result)
        #expect(curve.count == 2 && curve[1].version == result.progress.version)
        let verdict = EvaluationGate(tolerance: 0.05).judge(baseDevPassAt1: curve[0].devPassAt1, versions: curve)
        #expect(verdict.promote, "\(verdict.reason)")
    }
}
