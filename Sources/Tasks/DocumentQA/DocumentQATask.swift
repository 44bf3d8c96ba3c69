/// Question answering over a short generated financial statement; the answer is one integer figure.
///
///     prompt  "Revenue 1200; Costs 800; Tax 90.\nQ: gross profit?\nA: "
///     answer  "400"
///
/// Metadata: `docType` (`income`, `balance`, `sales`) and `figures` (the document's figures,
/// comma-separated, without years) so grounding scorers need not parse the text. Never the answer.
public struct DocumentQATask: TaskFamily {
    public let name = "docqa"
    public let promptTemplate = "<statement>\nQ: <question>\nA: "
    /// 20% of (document, question) items are held out, by prompt text.
    public let split = HoldoutSplit(salt: "docqa", heldOutPercent: 20)

    public init() {}

    public func labeled(count: Int, seed: UInt64) -> [LabeledExample] {
        SplitSampler.training(count: count, seed: seed, split: split, key: Self.promptText, draw: FinancialStatement.draw)
            .enumerated().map { example($1, id: "docqa-\(seed)-\($0)") }
    }

    public func evaluationSplit(count: Int) -> [LabeledExample] {
        SplitSampler.heldOut(count: count, split: split, key: Self.promptText, draw: FinancialStatement.draw)
            .enumerated().map { example($1, id: "docqa-eval-\($0)") }
    }

    /// Integers with an optional sign and thousands separators: `"1,200"`, `"-35"`, `"+7"`.
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
        return LabeledExample(prompt: prompt, answer: String(item.answer))
    }
}
