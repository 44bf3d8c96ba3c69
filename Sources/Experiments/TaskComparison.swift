import Evaluation
import Fleet
import Foundation
import Scoring
import Tuning

/// What ``ComparisonExperiment`` measured, with every setting that produced it. Codable: written as JSON next to
/// the plots.
public struct TaskComparison: Sendable, Equatable, Codable {
    /// `arithmetic-easy`, `sql`, `docqa`.
    public var task: String
    public var promptCount: Int
    public var promptSeed: UInt64
    /// ``WarmStartSettings/canonicalDescription`` of the base.
    public var warmStart: String
    public var fineTune: FineTuneSettings
    public var tuning: TuningDescription
    /// Passes TAO made over the tuning prompts (absent in results written before the option existed: 1).
    public var taoPasses: Int?
    public var evaluation: EvaluationSettings
    public var base: ArmMeasurement
    public var sft: ArmMeasurement
    public var tao: ArmMeasurement
    /// The base's majority-of-N accuracy against its greedy accuracy on dev, before tuning.
    public var majorityAudit: MajorityVoteAudit
    /// Version 0 (the base) and the TAO run's snapshots.
    public var versions: [VersionPoint]
    public var staleGroups: Int
    public var gate: EvaluationGate.Verdict

    /// The share of the base's pass@1 → pass@k gap on the held-out split that `arm` closed (1 = reached pass@k);
    /// `nil` when the base has no gap (pass@k ≤ pass@1).
    public func gapClosed(_ arm: ArmMeasurement) -> Double? {
        let gap = base.eval.passAtK - base.eval.passAt1
        return gap > 0 ? (arm.eval.passAt1 - base.eval.passAt1) / gap : nil
    }
}

/// The TAO settings of a run, as plain values.
public struct TuningDescription: Sendable, Equatable, Codable {
    public var samplesPerPrompt: Int
    public var temperature: Float
    public var learningRate: Float
    public var updatesPerVersion: Int
    public var maxLag: Int
    public var loss: String
    public var scorer: String
    public var seed: UInt64

    public init(_ settings: TuningSettings) {
        samplesPerPrompt = settings.samplesPerPrompt
        temperature = settings.temperature
        learningRate = settings.learningRate
        updatesPerVersion = settings.updatesPerVersion
        maxLag = settings.maxLag
        loss = settings.loss.name
        scorer = settings.scorerConfig
        seed = settings.seed
    }
}

extension ArmMeasurement {
    /// One progress line: held-out and dev pass@1 and pass@k.
    public var line: String {
        "\(name): held-out pass@1 \(EvaluationReport.percent(eval.passAt1)), pass@\(eval.k) "
            + "\(EvaluationReport.percent(eval.passAtK)); dev pass@1 \(EvaluationReport.percent(dev.passAt1))"
    }
}
