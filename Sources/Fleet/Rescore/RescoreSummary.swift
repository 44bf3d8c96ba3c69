import Messages

/// What one `tao rescore` did: the JSON line it prints at the end, and its progress while it runs.
public struct RescoreSummary: Codable, Sendable, Equatable {
    public var sourceTopic: String
    /// The run whose rollouts (and dead letters) were written.
    public var targetRun: String
    /// The scorer configuration, canonical (`verifier+0.2*format`).
    public var scorers: String
    /// Records looked at: every record of the planned offsets (by time: of whole partitions).
    public var scanned = 0
    /// Records in the range (for offsets, all scanned ones).
    public var read = 0
    /// Rollouts written to the target run.
    public var written = 0
    /// Records whose rollout the target run already had (an earlier rescore, or a duplicate in the source).
    public var skippedExisting = 0
    /// Records an earlier rescore already dead-lettered into the target run (same source offset).
    public var skippedDeadLettered = 0
    /// Records sent to the target run's dead-letter topic now.
    public var deadLettered = 0
    /// `deadLettered` by `DeadLetterCause.Kind` (`decode`, `schema`, `invalid`, `scoring`, `too-large`).
    public var deadLetteredByKind: [String: Int] = [:]
    /// Candidates in the written rollouts.
    public var samples = 0
    /// Mean total over those candidates; nil when nothing was written.
    public var meanReward: Double?
    /// Mean of each score component over the candidates that have it.
    public var componentMeans: [String: Double] = [:]
    public var seconds = 0.0

    public init(sourceTopic: String, targetRun: String, scorers: String) {
        self.sourceTopic = sourceTopic
        self.targetRun = targetRun
        self.scorers = scorers
    }
}

/// How far a rescore has got: `scanned` of `total` records, with the counts so far.
public struct RescoreProgress: Sendable, Equatable {
    public var scanned: Int
    /// Records the plan covers.
    public var total: Int
    public var written: Int
    public var skipped: Int
    public var deadLettered: Int
    public var seconds: Double

    /// Records per second so far.
    public var rate: Double { seconds > 0 ? Double(scanned) / seconds : 0 }
}

/// Sums of rewards and components over written candidates.
struct RescoreTally {
    var samples = 0
    var rewardSum = 0.0
    var componentSums: [String: (sum: Double, count: Int)] = [:]

    mutating func add(_ scores: [RolloutMessage.Score]) {
        for score in scores {
            samples += 1
            rewardSum += score.total
            for (name, value) in score.components {
                componentSums[name, default: (0, 0)].sum += value
                componentSums[name, default: (0, 0)].count += 1
            }
        }
    }

    func fill(_ summary: inout RescoreSummary) {
        summary.samples = samples
        summary.meanReward = samples > 0 ? rewardSum / Double(samples) : nil
        summary.componentMeans = componentSums.mapValues { $0.sum / Double($0.count) }
    }
}
