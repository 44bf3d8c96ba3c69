import Evaluation
import Losses
import ModelScorers
import Scoring
import Tasks
import Tuning

extension ExperimentProfile {
    /// What a user changed from a task's profile; nil leaves the profile's value. The rules of combining them live
    /// here, not in the command line that collects them.
    public struct Overrides: Sendable {
        public var prompts: Int?
        public var warmSteps: Int?
        public var warmExamples: Int?
        public var warmBatchSize: Int?
        public var samples: Int?
        public var learningRate: Float?
        public var temperature: Float?
        /// Also sets two groups in flight per step, so a step never waits on the slowest group.
        public var updatesPerVersion: Int?
        public var scorer: String?
        public var loss: (any PolicyLoss)?
        public var seed: UInt64?
        public var devCount: Int?

        public init() {}
    }

    /// The profile of `family` with `overrides` applied, a run id of its own (so runs on one broker never share
    /// topics), and its scorer built once, so a bad scorer fails now instead of after the warm start and SFT.
    public static func resolved(for family: any TaskFamily, overrides: Overrides) throws -> ExperimentProfile {
        let name = TaskChoice.cacheName(family)
        guard var profile = ExperimentProfile.named(name) else { throw ExperimentProfileError.unknown(name) }
        let o = overrides
        if let prompts = o.prompts { profile.promptCount = prompts }
        if let steps = o.warmSteps { profile.warmStart.steps = steps }
        if let examples = o.warmExamples { profile.warmStart.examples = examples }
        if let batchSize = o.warmBatchSize { profile.warmStart.batchSize = batchSize }
        if let samples = o.samples { profile.tuning.samplesPerPrompt = samples }
        if let learningRate = o.learningRate { profile.tuning.learningRate = learningRate }
        if let temperature = o.temperature { profile.tuning.temperature = temperature }
        if let updatesPerVersion = o.updatesPerVersion {
            profile.tuning.updatesPerVersion = updatesPerVersion
            profile.tuning.promptsInFlight = 2 * updatesPerVersion
        }
        if let scorer = o.scorer { profile.tuning.scorerConfig = scorer }
        if let loss = o.loss { profile.tuning.loss = loss }
        if let seed = o.seed { profile.tuning.seed = seed }
        if let devCount = o.devCount { profile.devCount = devCount }
        profile.tuning.runId += "-\(UInt32.random(in: 0...UInt32.max))"
        try checkScorer(profile.tuning.scorerConfig, for: family)
        return profile
    }

    /// Builds `scorer` once for `family`, so a bad scorer fails before any base is made.
    public static func checkScorer(_ scorer: String, for family: any TaskFamily) throws {
        // A reward model or judge is only named here; its model loads when it first scores.
        try ScorerRegistry.standard.adding(ModelScorerSettings()).check(config: scorer, for: family, deferred: ModelScorerSettings.names)
    }
}

public enum ExperimentProfileError: Error, CustomStringConvertible, Equatable {
    case unknown(String)

    public var description: String {
        switch self {
        case .unknown(let name):
            return "no experiment profile for '\(name)'; known: \(ExperimentProfile.names.joined(separator: ", "))"
        }
    }
}
