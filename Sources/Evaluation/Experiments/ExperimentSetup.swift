import Foundation
import Llama
import Tasks

/// What every arm of an experiment shares: the task, the base policy, the tuning prompts and how models are
/// measured.
///
/// Three disjoint sets of items: the warm start's labeled examples (seed ``WarmStartSettings/dataSeed``), the
/// tuning prompts (``promptSeed``; TAO gets them unlabeled, SFT with their labels) and the dev split (labeled,
/// for choosing hyper-parameters and for the evaluation gate) are all drawn from the training side of the task's
/// split; the evaluation split is the held-out side, used only to report.
public struct ExperimentSetup: Sendable {
    public var task: any TaskFamily
    public var warmStart: WarmStartSettings
    /// Distinct tuning prompts.
    public var promptCount: Int
    public var promptSeed: UInt64
    /// Held-out prompts every model is reported on.
    public var evalCount: Int
    /// Dev prompts for the gate and the accuracy-by-version curve.
    public var devCount: Int
    public var evaluation: EvaluationSettings
    /// Directory of cached bases.
    public var cacheRoot: URL
    /// Where the arms' models are saved.
    public var workDirectory: URL

    public init(
        task: any TaskFamily, warmStart: WarmStartSettings, promptCount: Int, promptSeed: UInt64 = 2,
        evalCount: Int = 200, devCount: Int = 200, evaluation: EvaluationSettings = .init(), cacheRoot: URL,
        workDirectory: URL
    ) {
        precondition(promptSeed != warmStart.dataSeed, "tuning prompts must not be the warm start's examples")
        self.task = task
        self.warmStart = warmStart
        self.promptCount = promptCount
        self.promptSeed = promptSeed
        self.evalCount = evalCount
        self.devCount = devCount
        self.evaluation = evaluation
        self.cacheRoot = cacheRoot
        self.workDirectory = workDirectory
    }

    /// The tuning prompts with their labels (SFT's data); TAO publishes only their prompts.
    public var tuningExamples: [LabeledExample] { task.labeled(count: promptCount, seed: promptSeed) }

    /// Dev items: training-side, outside the warm start's examples and the tuning prompts.
    public var devExamples: [LabeledExample] {
        let warmStart = task.labeled(count: warmStart.examples, seed: warmStart.dataSeed)
        return DevSplit.examples(task: task, count: devCount, excluding: warmStart + tuningExamples)
    }

    public var evalExamples: [LabeledExample] { task.evaluationSplit(count: evalCount) }

    /// The cached warm-started base (trained now if missing).
    public func baseDirectory(log: @escaping @Sendable (String) -> Void) async throws -> URL {
        let (directory, trained) = try await SupervisedWarmStart.baseModel(
            task: task, settings: warmStart, cacheRoot: cacheRoot
        ) { p in
            if p.step % 250 == 0 || p.step == p.steps { log(String(format: "  warm start %d/%d loss %.3f", p.step, p.steps, p.loss)) }
        }
        log("  \(trained ? "trained and cached" : "reused cached base") \(directory.path)")
        return directory
    }

    /// `directory`'s model measured on held-out and dev prompts with ``evaluation``.
    public func measure(_ directory: URL, name: String) async throws -> ArmMeasurement {
        let evaluator = try Evaluator(directory: directory)
        let held = try await evaluator.evaluate(
            task: task, examples: evalExamples, split: "eval", settings: evaluation)
        let dev = try await evaluator.evaluate(task: task, examples: devExamples, split: "dev", settings: evaluation)
        return ArmMeasurement(name: name, eval: .init(held), dev: .init(dev))
    }
}
