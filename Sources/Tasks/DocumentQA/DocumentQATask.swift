/// Question answering over a short generated financial statement; the answer is one integer figure.
///
///     prompt  "Revenue 1200; Costs 800; Tax 90.\nQ: gross profit?\nA: "
///     answer  "400"
///
/// Two difficulties: `easy` asks only for figures the document states (`revenue?`), `medium` (the built-in task) also
/// for one sum or difference of two (`gross profit?`).
///
/// Metadata: `docType` (`income`, `balance`, `sales`) and `figures` (the document's figures,
/// comma-separated, without years) so grounding scorers need not parse the text. Never the answer.
public struct DocumentQATask: TaskFamily {
    public enum Difficulty: String, Sendable, Hashable, CaseIterable {
        /// Read one stated figure.
        case easy
        /// Read one figure, or add or subtract two.
        case medium

        public var name: String { rawValue }
    }

    public let name = "docqa"
    public var difficulty: Difficulty
    /// Plain (`"<statement>\nQ: revenue?\nA: "`) or as a chat turn: the statement, then "What is the value of
    /// revenue? Answer with the number only."
    public var posing: TaskPosing
    public let promptTemplate = "<statement>\nQ: <question>\nA: "
    /// 20% of (document, question) items are held out, by prompt text.
    public let split = HoldoutSplit(salt: "docqa", heldOutPercent: 20)

    public init(difficulty: Difficulty = .medium, posing: TaskPosing = .plain) {
        self.difficulty = difficulty
        self.posing = posing
    }

    public func labeled(count: Int, seed: UInt64) -> [LabeledExample] {
        SplitSampler.training(count: count, seed: seed, split: split, key: Self.promptText, draw: draw)
            .enumerated().map { example($1, id: "docqa-\(seed)-\($0)") }
    }

    public func evaluationSplit(count: Int) -> [LabeledExample] {
        SplitSampler.heldOut(count: count, split: split, key: Self.promptText, draw: draw)
            .enumerated().map { example($1, id: "docqa-eval-\($0)") }
    }

    func draw(_ random: inout TaskRandom) -> FinancialStatement {
        FinancialStatement.draw(&random, lookupsOnly: difficulty == .easy)
    }

    /// Integers with an optional sign and thousands separators: `"1,200"`, `"-35"`, `"+7"`.
    /// A chat reply's answer is its last integer (an instruct model restates the question before answering).
    public func extractAnswer(fromReply reply: String) -> String? {
        AnswerText.lastInteger(in: reply)
    }

    public func canonicalAnswer(_ answer: String) -> String? {
        AnswerText.canonicalInteger(answer)
    }

    static func promptText(_ item: FinancialStatement) -> String {
        "\(item.document)\nQ: \(item.question)\nA: "
    }

    func example(_ item: FinancialStatement, id: String) -> LabeledExample {
        let prompt = TaskPrompt(
            id: id, task: name, text: Self.promptText(item),
            metadata: ["docType": item.kind.rawValue, "figures": item.figures.map(String.init).joined(separator: ",")])
        let posed = posing.pose(prompt) {
            "\(item.document)\nWhat is the value of \(item.question.dropLast())? \(TaskPosing.numberOnly)"
        }
        return LabeledExample(prompt: posed, answer: String(item.answer))
    }
}
