import Tasks

/// Scores text-to-SQL candidates by running them on the task database — label-free.
///
/// Components, each 0 or 1:
/// - `executes`: the candidate is a single read-only SELECT that ran within the executor's limits;
/// - `nonEmpty`: its result holds at least one non-NULL value;
/// - `grounded`: it executes and its constants are the question's (``SQLGrounding``): the wrong-city and
///   wrong-year queries a weak model writes for a new question run, return something and can win the vote, so
///   execution and agreement alone reward them;
/// - `agreement`: its result set equals the plurality result among the group's non-empty results
///   (compared as multisets of rows, or in order when the prompt's `ordered` metadata is `"true"`).
///   Empty results do not vote, so a group that mostly fails cannot agree on "nothing".
///
/// The total is the weighted mean of the components (by default 0.1, 0.1, 0.5, 0.3). Queries run one after
/// another on the executor's own queue, off the cooperative thread pool.
public struct SQLExecutionScorer: Scorer {
    /// Relative weights of the components in the total; they need not sum to 1.
    public struct Weights: Sendable, Hashable {
        public var executes: Double
        public var nonEmpty: Double
        public var grounded: Double
        public var agreement: Double

        public init(executes: Double = 0.1, nonEmpty: Double = 0.1, grounded: Double = 0.5, agreement: Double = 0.3) {
            precondition(executes >= 0 && nonEmpty >= 0 && grounded >= 0 && agreement >= 0)
            precondition(executes + nonEmpty + grounded + agreement > 0)
            self.executes = executes
            self.nonEmpty = nonEmpty
            self.grounded = grounded
            self.agreement = agreement
        }

        var sum: Double { executes + nonEmpty + grounded + agreement }
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
        let question = SQLGrounding.question(ofPrompt: prompt.text)
        var results: [SQLResultSet?] = []
        var grounded: [Double] = []
        for completion in completions {
            guard let sql = task.extractAnswer(from: completion, of: prompt) else {
                results.append(nil)
                grounded.append(0)
                continue
            }
            switch await task.executor.execute(sql) {
            case .success(let result):
                results.append(result)
                grounded.append(SQLGrounding.isGrounded(sql: sql, question: question) ? 1 : 0)
            case .failure:
                results.append(nil)
                grounded.append(0)
            }
        }
        let keys = results.map { result in
            result.flatMap { $0.hasContent ? $0.canonicalKey(ordered: ordered) : nil }
        }
        let vote = PluralityVote(keys, tieBreak: tieBreak)
        return results.indices.map { i in
            let executes: Double = results[i] == nil ? 0 : 1
            let nonEmpty: Double = keys[i] == nil ? 0 : 1
            let agreement = vote.agreement(keys[i])
            let total = (weights.executes * executes + weights.nonEmpty * nonEmpty + weights.grounded * grounded[i]
                + weights.agreement * agreement) / weights.sum
            return Score(
                total: total,
                components: ["executes": executes, "nonEmpty": nonEmpty, "grounded": grounded[i], "agreement": agreement])
        }
    }
}
