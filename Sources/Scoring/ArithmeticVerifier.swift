import Tasks

/// Checks arithmetic answers by evaluating the prompt's own expression: no label needed.
///
/// The expression comes from the prompt's `expression` metadata, or failing that from the prompt text
/// (`"12+345*6="`). Components: `wellFormed` (the answer is an integer) and `correct` (it equals the
/// expression's value); the total equals `correct`.
public struct ArithmeticVerifier: Scorer {
    public let name = "arithmetic-verifier"
    let task = ArithmeticTask()

    public init() {}

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let source = prompt.metadata["expression"] ?? prompt.text
        guard let expression = ArithmeticExpression.parse(source), let value = expression.value() else {
            throw ScoringError.unsupportedPrompt(
                scorer: name, promptID: prompt.id, reason: "no integer expression in '\(source)'")
        }
        return ExactAnswerScores.scores(completions, of: prompt, expected: String(value), task: task)
    }
}
