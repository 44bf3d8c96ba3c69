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
    @Option(help: """
        Tune a pretrained instruct model instead of warm-starting a small one: a Hugging Face directory, a .gguf \
        file or a name `tao model fetch` knows (smollm2-135m-instruct). Its task (default docqa, easy) is posed \
        as chat; a LoRA adapter trains over the frozen base, with the real-model experiment profile's settings.
        """)
    var model: String?
    @Option(help: "Stop publishing tuning prompts after this many minutes (default 4; 8 with --model).")
    var minutes: Double?
    @Option(help: "Tuning prompts (the budget, unless --minutes ends it first).") var prompts = 1500
    @Option(
        name: .customLong("prompt-pool"),
        help: """
            Cycle through this many distinct prompts, as repeated traffic (0: every prompt distinct; default 200, \
            40 with --model).
            """)
    var promptPool: Int?
    @Option(help: "Candidates sampled per prompt, the GRPO group (default 16; 8 with --model).") var samples: Int?
    @Option(name: .customLong("tune-lr"), help: "TAO learning rate (default 5e-5; 2e-4 for --model's adapter).")
    var tuneLR: Float?
    @Option(name: .customLong("updates-per-version"), help: "Groups per AdamW step (default 2).")
    var updatesPerVersion: Int?
    @Option(name: .customLong("max-lag"), help: "Versions a rollout may lag (default 4).") var maxLag: Int?
    @Option(name: .customLong("tune-temperature"), help: "Sampling temperature while tuning (default 1).")
    var tuneTemperature: Float?
    @Option(name: .customLong("eval-count"), help: "Held-out prompts evaluated (default 200; 60 with --model).")
    var evalCount: Int?
    @Option(help: "k of pass@k.") var k = 8
    @Option(name: .customLong("eval-samples"), help: "Samples per prompt for pass@k (default 16; 8 with --model).")
    var evalSamples: Int?
    @Option(help: "Where the tuned policy is saved.") var out = ".tao/demo/tuned"

    func validate() throws {
        let positive = (minutes ?? 1) > 0 && (tuneLR ?? 1) > 0
        guard positive, prompts >= 1, (samples ?? 2) >= 2, (updatesPerVersion ?? 1) >= 1, (maxLag ?? 0) >= 0 else {
            throw ValidationError("--minutes, --tune-lr must be positive; --prompts, --updates-per-version ≥ 1; "
                + "--samples ≥ 2 (GRPO compares candidates); --max-lag ≥ 0")
        }
        guard (promptPool ?? 0) >= 0 else { throw ValidationError("--prompt-pool must be 0 (off) or positive") }
        guard (evalSamples ?? k) >= k, k >= 1 else { throw ValidationError("--eval-samples must be at least --k") }
        guard (evalCount ?? 1) >= 1 else { throw ValidationError("--eval-count must be at least 1") }
    }

    /// The task: the options' (easy by default), posed as chat for a pretrained model (docqa unless told).
    func family() throws -> any TaskFamily {
        guard model != nil else { return try warmStart.family() }
        let task = warmStart.task ?? "docqa"
        return try TaskChoice.task(
            named: task, difficulty: warmStart.difficulty ?? TaskChoice.pretrainedDifficulty(task: task), posing: .chat)
    }

    func run() async throws {
        // Progress lines are the demo's output; the Kafka clients' info-level chatter would drown them.
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = .warning
            return handler
        }
        let task = try family()
        let pretrained = try model.map(ModelReference.resolve)
        // A pretrained model tunes with its experiment profile (LoRA, chat replies, F16 sampling); a small base
        // with the demo's settings.
        let profile = pretrained == nil ? nil : ExperimentProfile.named(TaskChoice.cacheName(task))
        var tuning = profile?.tuning ?? TuningSettings(maxNewTokens: Self.maxNewTokens[task.name] ?? 32)
        tuning.runId = "demo-\(UInt32.random(in: 0...UInt32.max))"
        if let samples { tuning.samplesPerPrompt = samples }
        if let tuneTemperature { tuning.temperature = tuneTemperature }
        if let tuneLR { tuning.learningRate = tuneLR }
        if let maxLag { tuning.maxLag = maxLag }
        if let updatesPerVersion {
            (tuning.updatesPerVersion, tuning.promptsInFlight) = (updatesPerVersion, 2 * updatesPerVersion)
        }
        let evaluation = EvaluationSettings(
            k: k, samples: evalSamples ?? profile?.evalSamples ?? 16, maxNewTokens: profile?.evalMaxTokens,
            decodePrecision: profile?.evalPrecision)
        let minutes = minutes ?? (pretrained == nil ? 4 : 8)
        var demo = Demo(
            task: task, warmStart: try warmStart.settings, tuning: tuning,
            budget: TuningBudget(prompts: prompts, duration: .milliseconds(Int64(minutes * 60_000))),
            evaluation: evaluation, evalCount: evalCount ?? (pretrained == nil ? 200 : 60),
            promptSeed: warmStart.dataSeed &+ 1, cacheRoot: URL(fileURLWithPath: warmStart.cache),
            output: URL(fileURLWithPath: out))
        demo.pretrained = pretrained
        let promptPool = promptPool ?? (pretrained == nil ? 200 : 40)
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
