import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Logging
import Tasks
import Tuning

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Warm-start a small base, tune it with TAO on unlabeled prompts, and compare base and tuned.",
        discussion: """
            Five steps, with progress throughout: (1) warm start (cached under --cache), (2) evaluate the base on \
            the task's held-out split, (3) run the TAO loop — generator, scorer (the task's verifier), trainer \
            (GRPO) and coordinator in this process on an embedded Kafka broker — on unlabeled prompts drawn with a \
            different seed than the warm start's examples, for --prompts prompts or --minutes, (4) save the \
            coordinator's newest policy as a Hugging Face directory, (5) evaluate it with the same settings and \
            print base vs tuned. See docs/demo.md.
            """
    )

    @OptionGroup var warmStart: WarmStartOptions
    @Option(help: "Stop publishing tuning prompts after this many minutes.") var minutes: Double = 4
    @Option(help: "Tuning prompts (the budget, unless --minutes ends it first).") var prompts = 1500
    @Option(
        name: .customLong("prompt-pool"),
        help: "Cycle through this many distinct prompts, as repeated traffic (0: every prompt distinct).")
    var promptPool = 200
    @Option(help: "Candidates sampled per prompt (the GRPO group).") var samples = TuningSettings().samplesPerPrompt
    @Option(name: .customLong("tune-lr"), help: "TAO learning rate.") var tuneLR = TuningSettings().learningRate
    @Option(name: .customLong("updates-per-version"), help: "Groups per AdamW step.")
    var updatesPerVersion = TuningSettings().updatesPerVersion
    @Option(name: .customLong("max-lag"), help: "Versions a rollout may lag.") var maxLag = TuningSettings().maxLag
    @Option(name: .customLong("tune-temperature"), help: "Sampling temperature while tuning.")
    var tuneTemperature = TuningSettings().temperature
    @Option(name: .customLong("eval-count"), help: "Held-out prompts evaluated.") var evalCount = 200
    @Option(help: "k of pass@k.") var k = 8
    @Option(name: .customLong("eval-samples"), help: "Samples per prompt for pass@k.") var evalSamples = 16
    @Option(help: "Where the tuned policy is saved.") var out = ".tao/demo/tuned"

    func validate() throws {
        guard minutes > 0, prompts >= 1, samples >= 2, tuneLR > 0, updatesPerVersion >= 1, maxLag >= 0 else {
            throw ValidationError("--minutes, --tune-lr must be positive; --prompts, --updates-per-version ≥ 1; "
                + "--samples ≥ 2 (GRPO compares candidates); --max-lag ≥ 0")
        }
        guard promptPool >= 0 else { throw ValidationError("--prompt-pool must be 0 (off) or positive") }
        guard evalSamples >= k, k >= 1 else { throw ValidationError("--eval-samples must be at least --k") }
    }

    func run() async throws {
        // Progress lines are the demo's output; the Kafka clients' info-level chatter would drown them.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let task = try warmStart.family()
        var demo = Demo(
            task: task, warmStart: try warmStart.settings,
            tuning: TuningSettings(
                runId: "demo-\(UInt32.random(in: 0...UInt32.max))", samplesPerPrompt: samples,
                temperature: tuneTemperature, maxNewTokens: Self.maxNewTokens[task.name] ?? 32,
                learningRate: tuneLR, updatesPerVersion: updatesPerVersion, maxLag: maxLag,
                promptsInFlight: 2 * updatesPerVersion),
            budget: TuningBudget(prompts: prompts, duration: .milliseconds(Int64(minutes * 60_000))),
            evaluation: EvaluationSettings(k: k, samples: evalSamples), evalCount: evalCount,
            promptSeed: warmStart.dataSeed &+ 1, cacheRoot: URL(fileURLWithPath: warmStart.cache),
            output: URL(fileURLWithPath: out))
        demo.promptPool = promptPool > 0 ? promptPool : nil
        let started = ContinuousClock.now
        let outcome = try await demo.run { Console.line($0) }
        Console.line("\n## Base vs tuned on \(outcome.base.count) held-out \(task.name) prompts\n")
        Console.line(EvaluationReport.comparison(base: outcome.base, tuned: outcome.tuned))
        Console.line("## On \(outcome.baseOnTuningPrompts.count) of the unlabeled prompts it was tuned on "
            + "(labels used only to measure)\n")
        Console.line(EvaluationReport.comparison(base: outcome.baseOnTuningPrompts, tuned: outcome.tunedOnTuningPrompts))
        Console.line("Tuning: \(outcome.tuning.promptsDone) prompts, \(outcome.tuning.version) policy versions, "
            + "\(outcome.tuning.stale) stale groups, \(outcome.tuning.elapsed.components.seconds) s.")
        Console.line("The tuned model has the base's architecture and size: same inference cost per token.")
        let total = (ContinuousClock.now - started).components.seconds
        Console.line("Total \(total) s. Tuned policy: \(outcome.tunedDirectory.path)")
    }

    /// Room for the longest answer plus its newline, per built-in task.
    static let maxNewTokens = ["arithmetic": 10, "docqa": 10, "sql": 120]
}

/// Progress lines written straight to standard output, unbuffered, so they show while a long step runs even when
/// the output is a pipe or a file.
enum Console {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
