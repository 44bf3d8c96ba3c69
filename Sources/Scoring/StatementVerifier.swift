import Tasks

/// Checks document-QA answers by reading the statement in the prompt: no label needed.
///
/// The document part (`"Revenue 1200; Costs 800; Tax 90."`) is parsed into labeled figures, and the question is
/// answered from them with the accounting definitions the task asks about:
///
///     revenue? costs? tax? assets? liabilities? cash? sales in <year>?   the figure with that label
///     gross profit = revenue − costs        total expenses = costs + tax
///     equity = assets − liabilities         non-cash assets = assets − cash
///     sales change = later year − earlier   total sales = the sum of the years
///
/// Like ``ArithmeticVerifier`` for expressions, this is a rule verifier for one document format: a statement or
/// question it cannot read is refused (`ScoringError.unsupportedPrompt`), never guessed. Components: `wellFormed`
/// (an integer) and `correct`; the total equals `correct`. ``DocumentGroundingScorer`` is the format-agnostic
/// heuristic (is the answer a figure of the document, does the group agree), which a policy can satisfy with the
/// wrong figure.
public struct StatementVerifier: Scorer {
    public let name = "statement-verifier"
    let task = DocumentQATask()

    public init() {}

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        guard let expected = Self.answer(to: prompt.text) else {
            throw ScoringError.unsupportedPrompt(
                scorer: name, promptID: prompt.id,
                reason: "expected 'Label figure; Label figure.\\nQ: <question>?\\nA: ' with a question about its figures")
        }
        return ExactAnswerScores.scores(completions, of: prompt, expected: String(expected), task: task)
    }

    /// The answer the statement in `text` gives to its question, or `nil` when either cannot be read.
    static func answer(to text: String) -> Int? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let qIndex = lines.firstIndex(where: { $0.hasPrefix("Q: ") }), qIndex > 0 else { return nil }
        let document = lines[..<qIndex].joined(separator: "\n")
        let question = lines[qIndex].dropFirst(3).lowercased()
        guard question.hasSuffix("?"), let figures = figures(of: document) else { return nil }
        let asked = String(question.dropLast()).replacingAll(" in ", with: " ")
        if let figure = figures.first(where: { $0.label == asked }) { return figure.value }
        func value(_ label: String) -> Int? { figures.first { $0.label == label }?.value }
        let sales = figures.filter { $0.label.hasPrefix("sales ") }.map(\.value)
        switch asked {
        case "gross profit": return value("revenue").flatMap { r in value("costs").map { r - $0 } }
        case "total expenses": return value("costs").flatMap { c in value("tax").map { c + $0 } }
        case "equity": return value("assets").flatMap { a in value("liabilities").map { a - $0 } }
        case "non-cash assets": return value("assets").flatMap { a in value("cash").map { a - $0 } }
        case "sales change": return sales.count == 2 ? sales[1] - sales[0] : nil
        case "total sales": return sales.count == 2 ? sales[0] + sales[1] : nil
        default: return nil
        }
    }

    /// `"Revenue 1200; Costs 800."` → [("revenue", 1200), ("costs", 800)], in document order.
    static func figures(of document: String) -> [(label: String, value: Int)]? {
        var body = Substring(document)
        if body.hasSuffix(".") { body = body.dropLast() }
        var result: [(label: String, value: Int)] = []
        for part in body.split(separator: ";") {
            let words = part.split(separator: " ")
            guard words.count >= 2, let value = Int(words[words.count - 1]) else { return nil }
            result.append((words.dropLast().joined(separator: " ").lowercased(), value))
        }
        return result.isEmpty ? nil : result
    }
}

extension String {
    /// Every occurrence of `target` replaced (Foundation-free).
    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
