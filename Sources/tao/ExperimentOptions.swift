import ArgumentParser
import Evaluation
import Experiments
import Fleet
import FleetBench
import FleetRuntime
import Foundation
import Logging
import Scoring
import TaoCLI
import Tasks
import Tuning

/// Options every experiment shares; unset values come from the task's ``ExperimentProfile``.
struct ExperimentOptions: ParsableArguments {
    @Option(help: "Built-in task: arithmetic, sql or docqa.") var task = "arithmetic"
    @Option(help: """
        Difficulty: arithmetic and docqa have profiles for easy (the default); docqa also for medium. With --model: \
        docqa easy (the default) or medium, arithmetic large (two 2–3-digit operands, the default).
        """)
    var difficulty: String?
    @Option(help: """
        A pretrained instruct model as the base instead of a warm start: a Hugging Face directory, a .gguf file or \
        a name `tao model fetch` knows (smollm2-135m-instruct). Its tasks are posed as chat; LoRA is what trains.
        """)
    var model: String?
    @Option(help: "Distinct tuning prompts (default: the task's profile).") var prompts: Int?
    @Option(name: .customLong("prompt-seed"), help: "Seed of the tuning prompts.") var promptSeed: UInt64 = 2
    @Option(help: "Candidates per prompt while tuning (default: the profile's).") var samples: Int?
    @Option(name: .customLong("tune-lr"), help: "TAO learning rate (default: the profile's).") var tuneLR: Float?
    @Option(name: .customLong("tune-temperature"), help: "Sampling temperature while tuning.") var tuneTemperature: Float?
    @Option(name: .customLong("updates-per-version"), help: "Groups per AdamW step.") var updatesPerVersion: Int?
    @Option(help: "Scorer while tuning (default: verifier).") var scorer: String?
    @OptionGroup(title: "Reward model and judge") var modelScorers: ModelScorerOptions
    @Option(help: "TAO objective: grpo, rloo, dpo or best-of-n (default: the profile's).") var loss: TrainerOptions.Loss?
    @Option(name: .customLong("tune-seed"), help: "Seed of TAO's sampling.") var tuneSeed: UInt64?
    @Option(name: .customLong("warm-steps"), help: "Warm-start optimiser steps (default: the profile's).")
    var warmSteps: Int?
    @Option(name: .customLong("warm-examples"), help: "Warm-start labeled examples (default: the profile's).")
    var warmExamples: Int?
    @Option(name: .customLong("warm-batch-size"), help: "Warm-start sequences per step (default: the profile's).")
    var warmBatchSize: Int?
    @Option(name: .customLong("eval-count"), help: "Held-out prompts.") var evalCount = 200
    @Option(name: .customLong("dev-count"), help: "Dev prompts, gate and curves (default: the profile's).")
    var devCount: Int?
    @Option(help: "k of pass@k.") var k = 8
    @Option(name: .customLong("eval-samples"), help: "Samples per prompt for pass@k (default: the profile's).")
    var evalSamples: Int?
    @Option(name: .customLong("cache"), help: "Directory of cached bases.") var cache = ".tao/cache"
    @Option(help: "Directory for results (JSON, SVG) and models.") var out: String

    var family: any TaskFamily {
        get throws {
            guard model != nil else {
                let difficulty = difficulty ?? TaskChoice.experimentDifficulty(task: task)
                return try TaskChoice.task(named: task, difficulty: difficulty)
            }
            return try TaskChoice.task(
                named: task, difficulty: difficulty ?? TaskChoice.pretrainedDifficulty(task: task), posing: .chat)
        }
    }

    /// The task's profile with what these options change (the rules: `ExperimentProfile.resolved`).
    func profile() throws -> ExperimentProfile {
        var o = ExperimentProfile.Overrides()
        (o.prompts, o.warmSteps, o.warmExamples, o.warmBatchSize) = (prompts, warmSteps, warmExamples, warmBatchSize)
        (o.samples, o.learningRate, o.temperature) = (samples, tuneLR, tuneTemperature)
        (o.updatesPerVersion, o.scorer, o.seed, o.devCount) = (updatesPerVersion, scorer, tuneSeed, devCount)
        if let loss {
            var trainer = RunSettings.Trainer()
            trainer.loss = loss
            o.loss = trainer.policyLoss
        }
        do {
            var profile = try ExperimentProfile.resolved(for: try family, overrides: o)
            profile.tuning.scorers = try modelScorers.registry()
            return profile
        } catch let error as ExperimentProfileError {
            throw ValidationError(error.description)
        }
    }

    func setup(_ profile: ExperimentProfile) throws -> ExperimentSetup {
        let evaluation = EvaluationSettings(
            k: k, samples: evalSamples ?? profile.evalSamples, maxNewTokens: profile.evalMaxTokens,
            decodePrecision: profile.evalPrecision)
        return try ExperimentSetup(
            task: try family, warmStart: profile.warmStart, promptCount: profile.promptCount, promptSeed: promptSeed,
            evalCount: evalCount, devCount: profile.devCount, evaluation: evaluation,
            cacheRoot: URL(fileURLWithPath: cache), workDirectory: URL(fileURLWithPath: out),
            pretrained: try model.map(ModelReference.resolve), trafficCount: profile.trafficCount)
    }

    func validate() throws {
        _ = try family
        if let prompts, prompts < 1 { throw ValidationError("--prompts must be at least 1") }
        if let samples, samples < 1 { throw ValidationError("--samples must be at least 1") }
        for (flag, value) in [("--warm-steps", warmSteps), ("--warm-examples", warmExamples),
                              ("--warm-batch-size", warmBatchSize)] {
            if let value, value < 1 { throw ValidationError("\(flag) must be at least 1") }
        }
        if let devCount, devCount < 1 { throw ValidationError("--dev-count must be at least 1: the gate needs dev") }
        guard evalSamples.map({ $0 >= k }) ?? true, k >= 1 else {
            throw ValidationError("--eval-samples must be at least --k ≥ 1")
        }
    }

    /// Quiet Kafka clients: progress lines are the output.
    static func quietLogging() {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
    }

    /// Writes `<name>.json` (pretty), `<name>.md` and the figures to `--out`, then prints the Markdown.
    func save<T: Encodable>(
        _ value: T, name: String, markdown: String, figures: [String: String], since started: ContinuousClock.Instant
    ) throws {
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = directory.appendingPathComponent("\(name).json")
        try encoder.encode(value).write(to: json)
        try Data(markdown.utf8).write(to: directory.appendingPathComponent("\(name).md"))
        for (file, svg) in figures { try Data(svg.utf8).write(to: directory.appendingPathComponent(file)) }
        Console.line("\n" + markdown)
        Console.line("Wrote \(json.path) in \((ContinuousClock.now - started).components.seconds) s")
    }
}
