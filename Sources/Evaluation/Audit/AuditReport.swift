/// What `tao scorer audit` found: how well each scorer's ranking of sampled candidates agrees with the labels, on a
/// labeled slice, next to greedy accuracy and the oracle pass@N. Codable, so a gate can read it and refuse a scorer
/// that does not help.
public struct AuditReport: Sendable, Equatable, Codable {
    /// When a scorer is judged to help: its top-1 accuracy beats greedy by at least `margin`, and its AUC is above
    /// `minAUC`.
    public struct Thresholds: Sendable, Equatable, Codable {
        public var margin: Double
        public var minAUC: Double

        public init(margin: Double = 0.02, minAUC: Double = 0.6) {
            self.margin = margin
            self.minAUC = minAUC
        }
    }

    /// One scorer configuration (a term of `--scorers` alone, the whole configuration, or the `random` control).
    public struct Row: Sendable, Equatable, Codable {
        /// The configuration this row scores with, canonical (`verifier`, `verifier+0.2*format`).
        public var scorer: String
        /// `term`, `combined` or `control`.
        public var role: String
        /// ROC AUC of candidate score vs candidate correctness, with the class counts; nil with a reason when a class
        /// is empty.
        public var auc: ROCAUC.Result
        /// Share of prompts whose highest-scored candidate is correct (ties: the lowest candidate index).
        public var top1Accuracy: Double
        /// Mean score of correct and of incorrect candidates; nil when there are none.
        public var meanScoreCorrect: Double?
        public var meanScoreIncorrect: Double?
        /// `helps` or `does not help`.
        public var verdict: String
        /// The verdict's reason, with the numbers.
        public var reason: String

        public var helps: Bool { verdict == AuditReport.helps }
    }

    public static let helps = "helps"
    public static let doesNotHelp = "does not help"

    /// The policy audited (its path).
    public var model: String
    public var task: String
    /// `dev`, `eval` or a file.
    public var split: String
    public var prompts: Int
    /// Candidates sampled per prompt (N).
    public var samples: Int
    public var temperature: Float
    public var seed: UInt64
    /// `--scorers` as given, canonical.
    public var scorers: String
    public var thresholds: Thresholds
    /// Share of prompts whose greedy answer is correct.
    public var greedyAccuracy: Double
    /// Share of prompts with at least one correct candidate: the best any scorer's top-1 can do.
    public var passAtN: Double
    /// Share of all candidates that are correct.
    public var sampledAccuracy: Double
    /// Terms first (in `--scorers` order), then the combined configuration (when it has several terms), then `random`.
    public var rows: [Row]

    /// The row of `scorer` (canonical text), if audited.
    public func row(_ scorer: String) -> Row? { rows.first { $0.scorer == scorer } }
}
