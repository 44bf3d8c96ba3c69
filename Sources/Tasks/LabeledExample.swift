/// A prompt with its gold answer: used for the supervised warm start and for held-out evaluation.
public struct LabeledExample: Sendable, Hashable, Codable {
    public var prompt: TaskPrompt
    /// The gold answer without the terminator, e.g. `"2082"` or `"SELECT COUNT(*) FROM orders WHERE year=2023"`.
    public var answer: String

    public init(prompt: TaskPrompt, answer: String) {
        self.prompt = prompt
        self.answer = answer
    }

    /// The supervised target the model should produce after `prompt.text`: the answer followed by the
    /// stop marker, so a model trained on it learns to stop.
    public var completion: String { answer + AnswerText.stopMarker }
}
