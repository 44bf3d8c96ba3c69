import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Llama
import Tasks
import Tuning

/// Options that determine a warm-started base; shared by `tao warmstart` and `tao demo`. Unset values come from the
/// task's ``ExperimentProfile``, so `tao warmstart --task T` makes (and caches) exactly the base `tao experiment`
/// uses for T.
struct WarmStartOptions: ParsableArguments {
    @Option(help: "Built-in task: arithmetic (the default), sql or docqa.") var task: String?
    @Option(help: "Difficulty: arithmetic easy, medium or hard; docqa easy or medium (default: easy for both).")
    var difficulty: String?
    @Option(help: "Seed of the initial weights and batch order.") var seed: UInt64 = 1
    @Option(name: .customLong("data-seed"), help: "Seed of the labeled warm-start examples.") var dataSeed: UInt64 = 1
    @Option(help: "Optimiser steps (default: the task's profile).") var steps: Int?
    @Option(help: "Labeled examples drawn for the warm start (default: the task's profile).") var examples: Int?
    @Option(name: .customLong("batch-size"), help: "Sequences per step (default: the task's profile).")
    var batchSize: Int?
    @Option(help: "Peak learning rate; the cosine ends at a tenth (default: the task's profile).") var lr: Float?
    @Option(help: "AdamW's second-moment decay (default: the task's profile).") var beta2: Float?
    @Option(name: .customLong("cache"), help: "Directory of cached bases.") var cache = ".tao/cache"

    /// The profile's warm start with the flags given applied.
    var settings: WarmStartSettings {
        get throws {
            let name = TaskChoice.cacheName(try family())
            var settings = ExperimentProfile.named(name)?.warmStart ?? WarmStartSettings()
            settings.dataSeed = dataSeed
            settings.seed = seed
            if let steps { settings.steps = steps }
            if let examples { settings.examples = examples }
            if let batchSize { settings.batchSize = batchSize }
            if let lr { (settings.learningRate, settings.minLearningRate) = (lr, lr / 10) }
            if let beta2 { settings.beta2 = beta2 }
            return settings
        }
    }

    /// The task family these options name; arithmetic and docqa default to easy.
    func family() throws -> any TaskFamily {
        let task = task ?? "arithmetic"
        return try TaskChoice.task(named: task, difficulty: difficulty ?? TaskChoice.experimentDifficulty(task: task))
    }

    func validate() throws {
        _ = try family()
        let given = [steps, examples, batchSize].compactMap { $0 }
        guard given.allSatisfy({ $0 >= 1 }), (lr ?? 1) > 0, (beta2 ?? 0.5) > 0, (beta2 ?? 0.5) < 1 else {
            throw ValidationError(
                "--steps, --examples and --batch-size must be at least 1, --lr positive and --beta2 in (0, 1)")
        }
    }

    /// Prints a line every `every` steps.
    static func printer(every: Int) -> @Sendable (SupervisedWarmStart.Progress) -> Void {
        let started = ContinuousClock.now
        return { progress in
            guard progress.step % every == 0 || progress.step == progress.steps else { return }
            let elapsed = (ContinuousClock.now - started).components.seconds
            Console.line(String(format: "  step %4d/%d  loss %.3f  lr %.2e  %llds", progress.step, progress.steps,
                         progress.loss, progress.learningRate, elapsed))
        }
    }
}

struct WarmStartCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "warmstart",
        abstract: "Train a small base policy for a built-in task by supervised fine-tuning on labeled examples.",
        discussion: """
            Our stand-in for a pretrained model: a ~0.8 M-parameter Llama over bytes, trained from scratch on \
            prompt + answer + newline with the loss on the answer. Deterministic from the seeds. Without --out the \
            base is cached under --cache as base-<task>-<hash of settings> and reused. Ends with the base's greedy \
            pass@1 on the task's evaluation split.
            """
    )

    @OptionGroup var options: WarmStartOptions
    @Option(help: "Save the model here (a Hugging Face directory) instead of the cache.") var out: String?
    @Option(name: .customLong("eval-count"), help: "Held-out prompts for the closing pass@1 (0 skips it).")
    var evalCount = 200

    func run() async throws {
        let task = try options.family()
        let settings = try options.settings
        let started = ContinuousClock.now
        let directory: URL
        if let out {
            directory = URL(fileURLWithPath: out)
            Console.line("Training a base for \(task.name) into \(directory.path)")
            try await SupervisedWarmStart.trainAndSave(
                task: task, settings: settings, to: directory, progress: WarmStartOptions.printer(every: 25))
        } else {
            Console.line("Warm start for \(task.name) (cache \(options.cache))")
            let (cached, trained) = try await SupervisedWarmStart.baseModel(
                task: task, settings: settings, cacheRoot: URL(fileURLWithPath: options.cache),
                progress: WarmStartOptions.printer(every: 25))
            directory = cached
            Console.line(trained ? "Saved \(directory.path)" : "Reused cached \(directory.path)")
        }
        Console.line("Took \((ContinuousClock.now - started).components.seconds) s")
        guard evalCount > 0 else { return }
        let report = try await Evaluator(directory: directory).evaluate(
            task: task, examples: task.evaluationSplit(count: evalCount), split: "eval",
            settings: EvaluationSettings(k: 1, samples: 1, scorerConfig: nil))
        Console.line(String(
            format: "Base pass@1 (greedy) on %d held-out prompts: %.1f%%", report.count, report.passAt1 * 100))
    }
}
