import Evaluation
import Fleet
import Foundation
import Llama
import Tuning

/// Tuning-time compute against quality: TAO on the same prompts with N ∈ ``samples`` candidates per prompt, each
/// tuned policy measured like the base. The tuned policies keep the base's architecture, so their inference cost
/// per token is the base's; ``ScalingPoint/eval`` also records the greedy answer length, which sets the cost per
/// answer.
public struct ScalingExperiment: Sendable {
    public var setup: ExperimentSetup
    public var tuning: TuningSettings
    public var samples: [Int]
    /// Scorer configurations, each tuned with every N (default: the tuning settings' own): a control arm — the
    /// random-reward coin, majority vote — is measured exactly like the scorer it is compared with.
    public var scorers: [String]

    public init(
        setup: ExperimentSetup, tuning: TuningSettings, samples: [Int] = [1, 2, 4, 8, 16], scorers: [String]? = nil
    ) {
        precondition(!samples.isEmpty && samples.allSatisfy { $0 >= 1 }, "N must be at least 1")
        self.setup = setup
        self.tuning = tuning
        self.samples = samples
        self.scorers = scorers ?? [tuning.scorerConfig]
        precondition(!self.scorers.isEmpty, "at least one scorer")
    }

    public func run(log: @escaping @Sendable (String) -> Void) async throws -> ScalingResult {
        log("base: \(setup.baseDescription)")
        let base = try await setup.baseDirectory(log: log)
        let baseScore = try await setup.measure(base, name: "base")
        log("  " + baseScore.line)
        let parameters = try Self.parameterCount(base)
        var points: [ScalingPoint] = []
        for scorer in scorers {
            for n in samples {
                let named = scorers.count > 1 || scorer != tuning.scorerConfig
                log("TAO with N = \(n) on \(setup.promptCount) prompts" + (named ? ", scorer \(scorer)" : ""))
                var settings = tuning
                settings.samplesPerPrompt = n
                settings.scorerConfig = scorer
                let arm = "n\(n)" + (named ? "-\(Self.fileName(scorer))" : "")
                settings.runId = "\(tuning.runId)-\(arm)"
                let directory = setup.workDirectory.appendingPathComponent("tao-\(arm)")
                let result = try await ExperimentArms.tao(
                    setup: setup, base: base, tuning: settings, snapshotEvery: nil, to: directory, log: log)
                var score = try await setup.measure(directory, name: "TAO N=\(n)")
                score.trainingSeconds = result.seconds
                log("  " + score.line)
                points.append(ScalingPoint(
                    samplesPerPrompt: n, sampledCompletions: n * result.progress.promptsSent, score: score,
                    parameters: try Self.parameterCount(directory), scorer: named ? scorer : nil))
            }
        }
        return ScalingResult(
            task: TaskChoice.cacheName(setup.task), promptCount: setup.promptCount, promptSeed: setup.promptSeed,
            warmStart: setup.baseDescription, tuning: TuningDescription(tuning),
            evaluation: setup.evaluation, base: baseScore, baseParameters: parameters, points: points)
    }

    /// A scorer configuration as a file name: `verifier+0.2*format` → `verifier_0.2xformat`.
    static func fileName(_ scorer: String) -> String {
        String(scorer.map { $0 == "+" ? "_" : $0 == "*" ? "x" : $0.isLetter || $0.isNumber || $0 == "." ? $0 : "-" })
    }

    static func parameterCount(_ directory: URL) throws -> Int {
        try LoadedPolicy(directory: directory).model.parameters.arena.count
    }
}

/// One N of the scaling curve.
public struct ScalingPoint: Sendable, Equatable, Codable {
    public var samplesPerPrompt: Int
    /// Candidates generated while tuning: the tuning-time compute.
    public var sampledCompletions: Int
    public var score: ArmMeasurement
    /// Parameters of the tuned model (the base's: inference cost per token is unchanged).
    public var parameters: Int
    /// The scorer it was tuned with, when not the run's own (a control arm); absent in older results.
    public var scorer: String?
}

public struct ScalingResult: Sendable, Equatable, Codable {
    public var task: String
    public var promptCount: Int
    public var promptSeed: UInt64
    public var warmStart: String
    public var tuning: TuningDescription
    public var evaluation: EvaluationSettings
    public var base: ArmMeasurement
    public var baseParameters: Int
    public var points: [ScalingPoint]
}
