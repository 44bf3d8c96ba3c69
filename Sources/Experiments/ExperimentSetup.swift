import Evaluation
import Fleet
import Foundation
import Llama
import Tasks
import Tuning

/// What every arm of an experiment shares: the task, the base policy, the tuning prompts and how models are
/// measured.
///
/// Three disjoint sets of items: the warm start's labeled examples (seed ``WarmStartSettings/dataSeed``), the
/// tuning prompts (``promptSeed``; TAO gets them unlabeled, SFT with their labels) and the dev split (labeled,
/// for choosing hyper-parameters and for the evaluation gate) are all drawn from the training side of the task's
/// split; the evaluation split is the held-out side, used only to report.
public struct ExperimentSetup: Sendable {
    public let task: any TaskFamily
    /// How the base is made when there is no ``pretrained`` model.
    public let warmStart: WarmStartSettings
    /// A pretrained base (a Hugging Face directory or a GGUF file) instead of a warm start: it has seen none of
    /// the task's items, so dev is drawn from the whole training side.
    public let pretrained: URL?
    /// Distinct tuning prompts measured as traffic; `nil`: as many as held-out prompts.
    public let trafficCount: Int?
    public let promptSeed: UInt64
    public let evaluation: EvaluationSettings
    /// Directory of cached bases.
    public let cacheRoot: URL
    /// Where the arms' models are saved.
    public let workDirectory: URL
    /// Dev items: training-side, outside the warm start's examples. Chosen first, so tasks with few distinct
    /// training questions (SQL) keep some.
    public let devExamples: [LabeledExample]
    /// The tuning prompts with their labels (SFT's data); TAO publishes only their prompts. Drawn with
    /// ``promptSeed`` and skipping dev items; a task with few distinct questions repeats them, as traffic does.
    public let tuningExamples: [LabeledExample]
    /// Held-out prompts every model is reported on.
    public let evalExamples: [LabeledExample]

    /// - Throws: ``ExperimentError`` when the prompt seed is the warm start's, the warm start leaves no dev items or
    ///   the task no tuning prompts.
    public init(
        task: any TaskFamily, warmStart: WarmStartSettings, promptCount: Int, promptSeed: UInt64 = 2,
        evalCount: Int = 200, devCount: Int = 200, evaluation: EvaluationSettings = .init(), cacheRoot: URL,
        workDirectory: URL, pretrained: URL? = nil, trafficCount: Int? = nil
    ) throws {
        guard pretrained != nil || promptSeed != warmStart.dataSeed else {
            throw ExperimentError.promptSeedIsWarmStartSeed(promptSeed)
        }
        self.task = task
        self.warmStart = warmStart
        self.pretrained = pretrained
        self.trafficCount = trafficCount
        self.promptSeed = promptSeed
        self.evaluation = evaluation
        self.cacheRoot = cacheRoot
        self.workDirectory = workDirectory
        let seen = pretrained == nil ? task.labeled(count: warmStart.examples, seed: warmStart.dataSeed) : []
        devExamples = DevSplit.examples(task: task, count: devCount, excluding: seen)
        guard !devExamples.isEmpty else { throw ExperimentError.noDevItems(task: task.name, examples: warmStart.examples) }
        let dev = Set(devExamples.map(\.prompt.text))
        tuningExamples = Array(
            task.labeled(count: 2 * promptCount + 100, seed: promptSeed).filter { !dev.contains($0.prompt.text) }
                .prefix(promptCount))
        guard !tuningExamples.isEmpty else { throw ExperimentError.noTuningPrompts(task: task.name) }
        evalExamples = task.evaluationSplit(count: evalCount)
    }

    public var promptCount: Int { tuningExamples.count }

    /// What the base is, for progress lines and results: the pretrained model's file or directory name, or the
    /// warm start's settings.
    public var baseDescription: String {
        pretrained.map { "pretrained \($0.lastPathComponent)" } ?? warmStart.canonicalDescription
    }

    /// The pretrained base, or the cached warm-started one (trained now if missing).
    public func baseDirectory(log: @escaping @Sendable (String) -> Void) async throws -> URL {
        if let pretrained {
            log("  pretrained base \(pretrained.path)")
            return pretrained
        }
        let (directory, trained) = try await SupervisedWarmStart.baseModel(
            task: task, settings: warmStart, cacheRoot: cacheRoot
        ) { p in
            guard p.step % 250 == 0 || p.step == p.steps else { return }
            log(String(format: "  warm start %d/%d loss %.3f", p.step, p.steps, p.loss))
        }
        log("  \(trained ? "trained and cached" : "reused cached base") \(directory.path)")
        return directory
    }

    /// Up to ``trafficCount`` (default: as many as held-out) distinct tuning prompts, with their labels (used only
    /// to measure): how well a model answers the traffic it was tuned on.
    public var trafficExamples: [LabeledExample] {
        var seen: Set<String> = []
        return Array(
            tuningExamples.filter { seen.insert($0.prompt.text).inserted }.prefix(trafficCount ?? evalExamples.count))
    }

    /// `directory`'s model measured on held-out, dev and traffic prompts with ``evaluation``.
    public func measure(_ directory: URL, name: String) async throws -> ArmMeasurement {
        let evaluator = try Evaluator(directory: directory)
        func run(_ examples: [LabeledExample], _ split: String) async throws -> SplitSummary {
            SplitSummary(try await evaluator.evaluate(task: task, examples: examples, split: split, settings: evaluation))
        }
        return ArmMeasurement(
            name: name, eval: try await run(evalExamples, "eval"), dev: try await run(devExamples, "dev"),
            traffic: try await run(trafficExamples, "traffic"))
    }
}

/// Why an experiment cannot be set up.
public enum ExperimentError: Error, Equatable, CustomStringConvertible {
    case noDevItems(task: String, examples: Int)
    case noTuningPrompts(task: String)
    case promptSeedIsWarmStartSeed(UInt64)

    public var description: String {
        switch self {
        case .noDevItems(let task, let examples):
            return "the warm start's \(examples) examples cover every training-side item of '\(task)', so no dev "
                + "items are left for the gate and for choosing settings; warm-start on fewer examples"
        case .noTuningPrompts(let task):
            return "'\(task)' has no training-side prompts outside the dev items; lower the dev count"
        case .promptSeedIsWarmStartSeed(let seed):
            return "the tuning prompts' seed \(seed) is the warm start's data seed, so TAO and SFT would tune on the "
                + "base's own training examples; choose another prompt seed"
        }
    }
}
