import Evaluation
import Fleet
import Foundation
import Llama
import Tasks

/// `tao demo` as a library call: warm start (cached) → evaluate the base → TAO on unlabeled prompts of the same
/// task, with the four services in-process on the embedded broker → save the tuned policy → evaluate it with the
/// same settings → compare.
public struct Demo: Sendable {
    public var task: any TaskFamily
    public var warmStart: WarmStartSettings
    public var tuning: TuningSettings
    public var budget: TuningBudget
    public var evaluation: EvaluationSettings
    /// Held-out prompts evaluated for both models.
    public var evalCount: Int
    /// Seed of the unlabeled tuning prompts; must differ from the warm start's data seed.
    public var promptSeed: UInt64
    /// Distinct tuning prompts, cycled until the budget is spent (traffic repeats); `nil`: every prompt distinct.
    public var promptPool: Int? = nil
    public var cacheRoot: URL
    /// A pretrained base (a Hugging Face directory or a GGUF file) instead of the warm start.
    public var pretrained: URL? = nil
    /// Where the tuned policy is saved (a Hugging Face directory).
    public var output: URL

    public init(
        task: any TaskFamily, warmStart: WarmStartSettings = .init(), tuning: TuningSettings = .init(),
        budget: TuningBudget, evaluation: EvaluationSettings = .init(), evalCount: Int = 200, promptSeed: UInt64 = 2,
        cacheRoot: URL, output: URL
    ) {
        self.task = task
        self.warmStart = warmStart
        self.tuning = tuning
        self.budget = budget
        self.evaluation = evaluation
        self.evalCount = evalCount
        self.promptSeed = promptSeed
        self.cacheRoot = cacheRoot
        self.output = output
    }

    /// What the demo measured.
    public struct Outcome: Sendable {
        public var base: EvaluationReport
        public var tuned: EvaluationReport
        /// Both models on the first ``evalCount`` tuning prompts, labeled only for this measurement: how much the
        /// policy adapted to the traffic it was tuned on (TAO's use case), next to the held-out numbers above.
        public var baseOnTuningPrompts: EvaluationReport
        public var tunedOnTuningPrompts: EvaluationReport
        public var tuning: TuningProgress
        public var baseDirectory: URL
        public var tunedDirectory: URL
    }

    /// Runs every step, reporting progress as text lines through `log`.
    public func run(log: @escaping @Sendable (String) -> Void) async throws -> Outcome {
        precondition(
            pretrained != nil || promptSeed != warmStart.dataSeed,
            "tuning prompts must not be the warm start's examples")
        let clock = ContinuousClock()
        let started = clock.now
        let since: @Sendable () -> String = { String(format: "%5.1fs", Self.seconds(clock.now - started)) }

        let baseDirectory: URL
        if let pretrained {
            log("[1/5] base: the pretrained model \(pretrained.path)")
            baseDirectory = pretrained
        } else {
            log("[1/5] warm start: \(task.name), \(warmStart.steps) steps of \(warmStart.batchSize)")
            let (directory, trained) = try await SupervisedWarmStart.baseModel(
                task: task, settings: warmStart, cacheRoot: cacheRoot
            ) { p in
                if p.step % 100 == 0 || p.step == p.steps {
                    log(String(format: "  %@ step %d/%d loss %.3f", since(), p.step, p.steps, p.loss))
                }
            }
            log("  \(since()) \(trained ? "trained and cached" : "reused cached base"): \(directory.path)")
            baseDirectory = directory
        }

        let examples = task.evaluationSplit(count: evalCount)
        log("[2/5] evaluate the base on \(examples.count) held-out prompts")
        let base = try await evaluate(baseDirectory, examples: examples, log: { log("  \(since()) \($0)") })
        log("  \(since()) base pass@1 \(EvaluationReport.percent(base.passAt1)), "
            + "pass@\(evaluation.k) \(EvaluationReport.percent(base.passAtK))")

        log("[3/5] TAO on unlabeled \(task.name) prompts (seed \(promptSeed)): embedded broker, 4 services in-process")
        let tuned = try await tune(baseDirectory: baseDirectory, log: { log("  \(since()) \($0)") })
        log("[4/5] save the tuned policy (v\(tuned.policy.version)) to \(output.path)")
        try tuned.policy.save(to: output)

        log("[5/5] evaluate the tuned policy with the same settings")
        let tunedReport = try await evaluate(output, examples: examples, log: { log("  \(since()) \($0)") })
        log("  \(since()) tuned pass@1 \(EvaluationReport.percent(tunedReport.passAt1))")
        let seen = Array(task.labeled(count: min(evalCount, tuned.progress.promptsSent), seed: promptSeed))
        log("  \(since()) and both on \(seen.count) of the prompts tuned on (labels used only to measure)")
        let baseSeen = try await evaluate(baseDirectory, examples: seen, split: "tuning prompts", log: log)
        let tunedSeen = try await evaluate(output, examples: seen, split: "tuning prompts", log: log)
        return Outcome(
            base: base, tuned: tunedReport, baseOnTuningPrompts: baseSeen, tunedOnTuningPrompts: tunedSeen,
            tuning: tuned.progress, baseDirectory: baseDirectory, tunedDirectory: output)
    }

    func evaluate(
        _ directory: URL, examples: [LabeledExample], split: String = "eval",
        log: @escaping @Sendable (String) -> Void
    ) async throws -> EvaluationReport {
        // A line per tenth of the prompts: a real model takes minutes over a split.
        let step = max(1, examples.count / 10)
        return try await Evaluator(directory: directory).evaluate(
            task: task, examples: examples, split: split, settings: evaluation
        ) { done, total in
            if done % step == 0, done < total { log("\(split): \(done)/\(total) prompts") }
        }
    }

    func tune(baseDirectory: URL, log: @escaping @Sendable (String) -> Void) async throws -> TuningOutcome {
        let prompts = Self.tuningPrompts(task: task, count: budget.prompts, pool: promptPool, seed: promptSeed)
        return try await TuningRun.onEmbeddedBroker(
            settings: tuning, base: { try LoadedPolicy(directory: baseDirectory) }, prompts: prompts, budget: budget
        ) { p in
            let reward = p.recentReward.map { String(format: "%.2f", $0) } ?? "-"
            log("policy v\(p.version)  reward(recent) \(reward)  prompts \(p.promptsDone)/\(p.promptsSent) done"
                + (p.stale > 0 ? "  stale \(p.stale)" : ""))
        }
    }

    /// `count` prompts of `seed`; with a pool, its `pool` prompts repeated, each pass with new ids (`…#2`).
    static func tuningPrompts(task: any TaskFamily, count: Int, pool: Int?, seed: UInt64) -> [TaskPrompt] {
        guard let pool, pool < count else { return task.prompts(count: count, seed: seed) }
        return TaskPrompt.recurring(task.prompts(count: pool, seed: seed), count: count)
    }

    public static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
