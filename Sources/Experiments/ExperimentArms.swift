import Blocking
import Evaluation
import Fleet
import Foundation
import Llama
import Synchronization
import Tasks
import Tuning

/// The two ways an experiment improves a base: SFT on the tuning prompts' labels, and TAO on the prompts alone.
public enum ExperimentArms {
    /// SFT: the base fine-tuned on `setup.tuningExamples`, saved to `directory`.
    /// - Returns: wall-clock seconds of the training.
    public static func fineTune(
        setup: ExperimentSetup, base: URL, settings: FineTuneSettings, to directory: URL,
        log: @escaping @Sendable (String) -> Void
    ) async throws -> Double {
        let examples = setup.tuningExamples
        let started = ContinuousClock.now
        try await BlockingWorker(label: "tao.experiment.sft").run {
            let policy = try LoadedPolicy(path: base)
            // Chat examples are rendered with the base's own template, as TAO's generators render them.
            let chat = examples.contains { $0.prompt.messages != nil }
                ? try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer) : nil
            try SupervisedFineTune.train(
                policy.model, tokenizer: policy.tokenizer, chat: chat, examples: examples, settings: settings
            ) { p in
                guard p.step % 100 == 0 || p.step == p.steps else { return }
                log(String(format: "  SFT step %d/%d loss %.3f", p.step, p.steps, p.loss))
            }
            try policy.save(to: directory)
        }
        return Demo.seconds(ContinuousClock.now - started)
    }

    /// What a TAO arm produced besides its saved policy.
    public struct TAOResult: Sendable {
        public var progress: TuningProgress
        public var rewardByVersion: [VersionReward]
        /// Saved snapshots, oldest first: (version, directory).
        public var snapshots: [(version: Int, directory: URL)]
        public var seconds: Double
    }

    /// TAO: the four services on an embedded Kafka broker, tuned on `setup.tuningExamples`' prompts (no labels) with
    /// `tuning` — `passes` times over, as traffic that recurs (each pass with new prompt ids) — the final policy is
    /// saved to `directory`, and a snapshot every `snapshotEvery` versions under `directory/versions/`.
    public static func tao(
        setup: ExperimentSetup, base: URL, tuning: TuningSettings, passes: Int = 1, snapshotEvery: Int?,
        to directory: URL, log: @escaping @Sendable (String) -> Void
    ) async throws -> TAOResult {
        precondition(passes >= 1, "TAO needs at least one pass over its prompts")
        let distinct = setup.tuningExamples.map(\.prompt)
        let prompts = TaskPrompt.recurring(distinct, count: passes * distinct.count)
        let saved = Mutex<[(version: Int, directory: URL)]>([])
        let versions = directory.appendingPathComponent("versions")
        let snapshots = snapshotEvery.map { every in
            TuningSnapshots(every: every) { policy in
                let target = versions.appendingPathComponent("v\(policy.version)")
                try policy.save(to: target)
                saved.withLock { $0.append((policy.version, target)) }
            }
        }
        let started = ContinuousClock.now
        let outcome = try await TuningRun.onEmbeddedBroker(
            settings: tuning, base: { try LoadedPolicy(directory: base) }, prompts: prompts,
            budget: TuningBudget(prompts: prompts.count), progressInterval: .seconds(5), snapshots: snapshots
        ) { p in
            let reward = p.recentReward.map { String(format: "%.3f", $0) } ?? "-"
            log("  TAO v\(p.version)  reward(last 100 groups) \(reward)  prompts \(p.promptsDone)/\(p.promptsSent)"
                + (p.stale > 0 ? "  stale \(p.stale)" : ""))
        }
        let seconds = Demo.seconds(ContinuousClock.now - started)
        try outcome.policy.save(to: directory)
        return TAOResult(
            progress: outcome.progress, rewardByVersion: outcome.rewardByVersion,
            snapshots: saved.withLock { $0 }, seconds: seconds)
    }

    /// Groups a curve point's mean reward needs.
    static let fewestGroups = 10

    /// Greedy dev pass@1 of each snapshot, with the mean reward of the groups sampled since the previous one (when
    /// at least ``fewestGroups``). Version 0 is the base.
    public static func versionCurve(
        setup: ExperimentSetup, base: URL, result: TAOResult
    ) async throws -> [VersionPoint] {
        let dev = setup.devExamples
        let greedyOnly = EvaluationSettings(
            k: 1, samples: 1, maxNewTokens: setup.evaluation.maxNewTokens, scorerConfig: nil,
            decodePrecision: setup.evaluation.decodePrecision)
        var points: [VersionPoint] = []
        var previous = -1
        for (version, directory) in [(0, base)] + result.snapshots {
            let report = try await Evaluator(directory: directory).evaluate(
                task: setup.task, examples: dev, split: "dev", settings: greedyOnly)
            let groups = result.rewardByVersion.filter { $0.version > previous && $0.version <= version }
            let count = groups.map(\.groups).reduce(0, +)
            // A handful of groups (version 0 samples only the first prompts in flight) is noise, not a point.
            let reward = count < Self.fewestGroups
                ? nil : groups.map { $0.meanReward * Double($0.groups) }.reduce(0, +) / Double(count)
            points.append(VersionPoint(version: version, meanReward: reward, devPassAt1: report.passAt1))
            previous = version
        }
        return points
    }
}
