import Evaluation
import Fleet
import Foundation
import Tuning

/// Base vs SFT vs TAO on one task: the same base, the same tuning prompts — SFT with their labels, TAO without,
/// through the fleet on the embedded broker — every model measured the same way on held-out, dev and traffic
/// prompts. The TAO run also records reward and dev pass@1 across policy versions, and the evaluation gate judges
/// its final policy.
public struct ComparisonExperiment: Sendable {
    public var setup: ExperimentSetup
    public var fineTune: FineTuneSettings
    public var tuning: TuningSettings
    /// Versions between the snapshots of the accuracy-by-version curve.
    public var snapshotEvery: Int
    public var gate: EvaluationGate
    /// Times TAO goes over the tuning prompts (recurring traffic; SFT's counterpart is ``FineTuneSettings/epochs``).
    public var passes: Int

    public init(
        setup: ExperimentSetup, fineTune: FineTuneSettings, tuning: TuningSettings, snapshotEvery: Int,
        gate: EvaluationGate = .init(), passes: Int = 1
    ) {
        precondition(passes >= 1, "TAO needs at least one pass over its prompts")
        self.passes = passes
        self.setup = setup
        self.fineTune = fineTune
        self.tuning = tuning
        self.snapshotEvery = snapshotEvery
        self.gate = gate
    }

    public func run(log: @escaping @Sendable (String) -> Void) async throws -> TaskComparison {
        let work = setup.workDirectory
        log("[1/5] base: \(setup.baseDescription)")
        let base = try await setup.baseDirectory(log: log)
        log("[2/5] measure the base (\(setup.evalExamples.count) held-out, \(setup.devExamples.count) dev prompts)")
        let baseScore = try await setup.measure(base, name: "base")
        log("  " + baseScore.line)

        log("[3/5] SFT on the labels of \(setup.promptCount) tuning prompts (seed \(setup.promptSeed))")
        let sftDirectory = work.appendingPathComponent("sft")
        let sftSeconds = try await ExperimentArms.fineTune(
            setup: setup, base: base, settings: fineTune, to: sftDirectory, log: log)
        var sft = try await setup.measure(sftDirectory, name: "SFT")
        sft.trainingSeconds = sftSeconds
        log("  " + sft.line)

        let audit = try await Evaluator(directory: base).majorityAudit(
            task: setup.task, examples: setup.devExamples, samples: max(tuning.samplesPerPrompt, 2),
            temperature: tuning.temperature, maxNewTokens: setup.evaluation.maxNewTokens,
            decodePrecision: setup.evaluation.decodePrecision)
        log(String(
            format: "  majority-of-%d audit on dev: greedy %.1f%%, majority %.1f%%, confidently wrong %.1f%%%@",
            max(tuning.samplesPerPrompt, 2), audit.greedyAccuracy * 100, audit.majorityAccuracy * 100,
            audit.confidentlyWrong * 100, audit.majorityBeatsGreedy() ? "" : " — majority does not beat greedy: "
                + "an agreement reward may teach confident mistakes"))

        log("[4/5] TAO on the same \(setup.promptCount) prompts without labels: fleet on the embedded broker")
        let taoDirectory = work.appendingPathComponent("tao")
        let result = try await ExperimentArms.tao(
            setup: setup, base: base, tuning: tuning, passes: passes, snapshotEvery: snapshotEvery, to: taoDirectory,
            log: log)
        var tao = try await setup.measure(taoDirectory, name: "TAO")
        tao.trainingSeconds = result.seconds
        log("  " + tao.line)

        log("[5/5] reward and dev pass@1 across \(result.snapshots.count) policy versions; evaluation gate")
        let versions = try await ExperimentArms.versionCurve(setup: setup, base: base, result: result)
        let verdict = gate.judge(baseDevPassAt1: baseScore.dev.passAt1, versions: versions)
        log("  gate: \(verdict.promote ? "promote" : "refuse") — \(verdict.reason)")
        return TaskComparison(
            task: TaskChoice.cacheName(setup.task), promptCount: setup.promptCount, promptSeed: setup.promptSeed,
            warmStart: setup.baseDescription, fineTune: fineTune, tuning: TuningDescription(tuning),
            taoPasses: passes, evaluation: setup.evaluation, base: baseScore, sft: sft, tao: tao,
            majorityAudit: audit, versions: versions,
            staleGroups: result.progress.stale, gate: verdict)
    }
}
