import Tasks

/// Checks whether majority vote is a trustworthy reward for a model before tuning on it.
///
/// Majority vote rewards what the model agrees with itself on. For a weak base model that is often a
/// confidently wrong answer, and tuning on it reinforces the mistake. On a labeled dev set, compare
/// greedy accuracy with majority-of-N accuracy: majority is only useful as a reward when it is clearly
/// more accurate than greedy decoding (and `passAtN` shows the headroom any reward can reach).
public struct MajorityVoteAudit: Sendable, Hashable, Codable {
    /// One dev example with the model's greedy completion and its N sampled completions.
    public struct Case: Sendable {
        public var example: LabeledExample
        public var greedy: String
        /// The N sampled completions (the same N the tuning run will use).
        public var samples: [String]

        public init(example: LabeledExample, greedy: String, samples: [String]) {
            self.example = example
            self.greedy = greedy
            self.samples = samples
        }
    }

    /// Fraction of examples whose greedy answer is correct.
    public var greedyAccuracy: Double
    /// Fraction whose plurality sampled answer is correct (no winner counts as wrong).
    public var majorityAccuracy: Double
    /// Fraction with at least one correct sample among the N.
    public var passAtN: Double
    /// Fraction where the plurality answer exists and is wrong: the cases majority vote would reinforce.
    public var confidentlyWrong: Double
    public var count: Int

    /// Majority is worth trusting when it beats greedy by at least `margin` (absolute accuracy).
    public func majorityBeatsGreedy(by margin: Double = 0.02) -> Bool {
        majorityAccuracy >= greedyAccuracy + margin
    }

    public init(task: any TaskFamily, cases: [Case], tieBreak: PluralityVote.TieBreak = .noWinner) {
        var greedy = 0, majority = 0, pass = 0, wrong = 0
        for item in cases {
            func correct(_ completion: String) -> Bool {
                task.extractAnswer(from: completion, of: item.example.prompt).map { task.isCorrect($0, for: item.example) }
                    ?? false
            }
            if correct(item.greedy) { greedy += 1 }
            if item.samples.contains(where: correct) { pass += 1 }
            let answers = item.samples.map {
                task.extractAnswer(from: $0, of: item.example.prompt).flatMap(task.canonicalAnswer)
            }
            if let winner = PluralityVote(answers, tieBreak: tieBreak).winner {
                if task.isCorrect(winner, for: item.example) { majority += 1 } else { wrong += 1 }
            }
        }
        let n = Double(max(cases.count, 1))
        count = cases.count
        greedyAccuracy = Double(greedy) / n
        majorityAccuracy = Double(majority) / n
        passAtN = Double(pass) / n
        confidentlyWrong = Double(wrong) / n
    }
}
