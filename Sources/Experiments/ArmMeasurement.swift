import Evaluation
import Fleet
import Tuning

/// One model's numbers on one split: an ``EvaluationReport`` without its per-prompt items.
public struct SplitSummary: Sendable, Equatable, Codable {
    public var count: Int
    public var passAt1: Double
    public var k: Int
    public var passAtK: Double
    public var sampledAccuracy: Double
    public var meanReward: Double?
    /// Mean tokens of the greedy answers: the inference cost per answer.
    public var meanGreedyTokens: Double

    public init(_ report: EvaluationReport) {
        count = report.count
        passAt1 = report.passAt1
        k = report.settings.k
        passAtK = report.passAtK
        sampledAccuracy = report.sampledAccuracy
        meanReward = report.meanReward
        meanGreedyTokens = report.meanGreedyTokens
    }
}

/// One arm of an experiment (base, SFT, TAO …) measured on the held-out and dev splits.
public struct ArmMeasurement: Sendable, Equatable, Codable {
    public var name: String
    public var eval: SplitSummary
    public var dev: SplitSummary
    /// On the tuning prompts themselves (labels used only to measure); absent in results written before it was
    /// measured.
    public var traffic: SplitSummary?
    /// Wall-clock seconds the arm took to train (0 for the base, whose warm start is cached).
    public var trainingSeconds: Double = 0
}

/// One point of the accuracy-by-version curve of a TAO run.
public struct VersionPoint: Sendable, Equatable, Codable {
    public var version: Int
    /// Mean reward of the groups sampled from versions in (previous point, this one]; `nil` when none were.
    public var meanReward: Double?
    /// Greedy pass@1 on the dev split.
    public var devPassAt1: Double

    public init(version: Int, meanReward: Double?, devPassAt1: Double) {
        self.version = version
        self.meanReward = meanReward
        self.devPassAt1 = devPassAt1
    }
}
