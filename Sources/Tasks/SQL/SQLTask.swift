/// Text-to-SQL over `BusinessDatabase`: a short question, answered by one SELECT statement.
///
///     prompt  "Q: number of orders from Lyon in 2023\nSQL: "
///     answer  "SELECT COUNT(*) FROM orders JOIN customers USING(cid) WHERE city='Lyon' AND year=2023"
///
/// An answer is correct when executing it gives the same result set as the gold query (as a multiset of
/// rows, or in order when the gold query has ORDER BY). Metadata: `template`, `database` (the
/// database version) and `ordered` (`"true"`/`"false"`); never the gold SQL.
public struct SQLTask: TaskFamily {
    public let name = "sql"
    public let promptTemplate = "Q: <question>\nSQL: "
    /// The database's version: the questions and their answers change with it.
    public var dataVersion: String? { BusinessDatabase.version }
    /// 20% of the questions (by question text) are held out.
    public let split = HoldoutSplit(salt: "sql", heldOutPercent: 20)
    /// The executor over the task database, shared with `SQLExecutionScorer`.
    public let executor: SQLExecutor

    /// - Throws: `SQLExecutionError` if the database cannot be built (SQLite unavailable).
    public init(executor: SQLExecutor? = nil) throws {
        self.executor = try executor ?? SQLExecutor()
    }

    /// The training side of the item space, in template order.
    public var trainingQuestions: [SQLQuestion] {
        SQLQuestionTemplates.all.filter { !split.isHeldOut($0.question) }
    }

    /// The held-out side of the item space, in template order.
    public var heldOutQuestions: [SQLQuestion] {
        SQLQuestionTemplates.all.filter { split.isHeldOut($0.question) }
    }

    /// Picks a template uniformly, then one of its training questions, so templates with many
    /// parameter combinations (city × year) do not crowd out the others.
    public func labeled(count: Int, seed: UInt64) -> [LabeledExample] {
        let byTemplate = Dictionary(grouping: trainingQuestions, by: \.template)
        let templates = byTemplate.keys.sorted()
        var random = TaskRandom(seed: seed)
        return (0..<count).map { index in
            let question = random.pick(byTemplate[random.pick(templates)]!)
            return example(question, id: "sql-\(seed)-\(index)")
        }
    }

    public func evaluationSplit(count: Int) -> [LabeledExample] {
        var pool = heldOutQuestions
        var random = TaskRandom(seed: SplitSampler.evaluationSeed)
        random.shuffle(&pool)
        return pool.prefix(count).enumerated().map { example($1, id: "sql-eval-\($0)") }
    }

    /// The answer up to the first newline, without trailing semicolons.
    public func extractAnswer(from completion: String) -> String? {
        guard let answer = AnswerText.extract(from: completion) else { return nil }
        let trimmed = String(answer.reversed().drop(while: { $0 == ";" || $0.isWhitespace }).reversed())
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Whitespace collapsed, trailing semicolons dropped; `nil` unless it starts with SELECT or WITH.
    /// Two different strings can still be the same query; `SQLExecutionScorer` compares results instead.
    public func canonicalAnswer(_ answer: String) -> String? {
        let collapsed = answer.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let body = String(collapsed.reversed().drop(while: { $0 == ";" || $0 == " " }).reversed())
        let head = body.prefix(6).uppercased()
        guard head == "SELECT" || head.hasPrefix("WITH") else { return nil }
        return body
    }

    /// Executes both queries; correct when the candidate runs and its result set matches the gold one.
    public func isCorrect(_ answer: String, for example: LabeledExample) -> Bool {
        guard case .success(let gold) = executor.execute(example.answer),
              case .success(let candidate) = executor.execute(answer)
        else { return false }
        return candidate.matches(gold, ordered: example.prompt.metadata["ordered"] == "true")
    }

    func example(_ item: SQLQuestion, id: String) -> LabeledExample {
        let prompt = TaskPrompt(
            id: id, task: name, text: "Q: \(item.question)\nSQL: ",
            metadata: ["template": item.template, "database": BusinessDatabase.version, "ordered": String(item.ordered)])
        return LabeledExample(prompt: prompt, answer: item.goldSQL)
    }
}
