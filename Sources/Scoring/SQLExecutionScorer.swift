import Tasks

/// Scores text-to-SQL candidates by running them on the task database — label-free.
///
/// Components, each 0 or 1:
/// - `executes`: the candidate is a single read-only SELECT that ran within the executor's limits;
/// - `nonEmpty`: its result holds at least one non-NULL value;
/// - `agreement`: its result set equals the plurality result among the group's non-empty results
///   (compared as multisets of rows, or in order when the prompt's `ordered` metadata is `"true"`).
///   Empty results do not vote, so a group that mostly fails cannot agree on "nothing".
///
/// The total is the weighted mean of the components (by default 0.2, 0.2, 0.6). Queries run one after
/// another on the executor's own queue, off the cooperative thread pool.
public struct SQLExecutionScorer: Scorer {
    /// Relative weights of the components in the total; they need not sum to 1.
    public struct Weights: Sendable, Hashable {
        public var executes: Double
        public var nonEmpty: Double
        public var agreement: Double

        public init(executes: Double = 0.2, nonEmpty: Double = 0.2, agreement: Double = 0.6) {
            precondition(executes >= 0 && nonEmpty >= 0 && agreement >= 0 && executes + nonEmpty + agreement > 0)
            self.executes = executes
            self.nonEmpty = nonEmpty
            self.agreement = agreement
        }
    }

    public let name = "sql-execution"
    public let task: SQLTask
    public let weights: Weights
    public let tieBreak: PluralityVote.TieBreak

    public init(task: SQLTask, weights: Weights = Weights(), tieBreak: PluralityVote.TieBreak = .noWinner) {
        self.task = task
        self.weights = weights
        self.tieBreak = tieBreak
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let ordered = prompt.metadata["ordered"] == "true"
        var results: [SQLResultSet?] = []
        for completion in completions {
            guard let sql = task.extractAnswer(from: completion) else {
                results.append(nil)
                continue
            }
            switch await task.executor.execute(sql) {
            case .success(let result): results.append(result)
            case .failure: results.append(nil)
            }
        }
        let keys = results.map { result in
            result.flatMap { $0.hasContent ? $0.canonicalKey(ordered: ordered) : nil }
        }
        let vote = PluralityVote(keys, tieBreak: tieBreak)
        let weightSum = weights.executes + weights.nonEmpty + weights.agreement
        return zip(results, keys).map { result, key in
            let executes: Double = result == nil ? 0 : 1
            let nonEmpty: Double = key == nil ? 0 : 1
            let agreement = vote.agreement(key)
            let total = (weights.executes * executes + weights.nonEmpty * nonEmpty + weights.agreement * agreement)
                / weightSum
            return Score(total: total, components: ["executes": executes, "nonEmpty": nonEmpty, "agreement": agreement])
        }
    }
}
