/// A family of generated tasks: prompts for tuning, labeled examples for the warm start, a held-out
/// evaluation split, and the answer conventions (extraction, well-formedness, correctness).
///
/// Everything is deterministic given a seed. The item space of every family is split once by a stable
/// hash (`HoldoutSplit`): `prompts` and `labeled` only ever draw training items, `evaluationSplit` only
/// held-out ones, so evaluation never sees an item the model was tuned or warm-started on.
public protocol TaskFamily: Sendable {
    /// Stable name used in configs, prompt ids and `TaskPrompt.task`, e.g. `"arithmetic"`.
    var name: String { get }

    /// A human-readable description of the prompt format, e.g. `"<expression>="`.
    var promptTemplate: String { get }

    /// Names the generated data where it can change under the same name and settings (SQL's database version);
    /// caches of models trained on the task key on it. `nil` (the default) for families whose items never change.
    var dataVersion: String? { get }

    /// `count` unlabeled prompts from the training side of the split. Same seed, same prompts.
    func prompts(count: Int, seed: UInt64) -> [TaskPrompt]

    /// `count` labeled examples from the training side of the split. `labeled(count: n, seed: s)` has
    /// the same prompts as `prompts(count: n, seed: s)`.
    func labeled(count: Int, seed: UInt64) -> [LabeledExample]

    /// Up to `count` distinct labeled examples from the held-out side of the split; always the same
    /// items in the same order. Fewer than `count` only when the family's item space is that small.
    func evaluationSplit(count: Int) -> [LabeledExample]

    /// The answer part of a sampled completion: the text before the first stop marker, trimmed;
    /// `nil` when nothing is left.
    func extractAnswer(from completion: String) -> String?

    /// The answer part of a chat reply (the completion of a prompt with `messages`): an instruct model answers
    /// "What is 275 + 307?" with "275 + 307 = 582." where a completion model writes "582". Default: as
    /// ``extractAnswer(from:)``.
    func extractAnswer(fromReply reply: String) -> String?

    /// Whether `answer` has the shape this task expects (an integer, a number, a SELECT statement).
    func isWellFormed(_ answer: String) -> Bool

    /// A normalised form for comparing answers with each other (majority vote), or `nil` when the
    /// answer is not well formed. Two answers that mean the same thing should map to the same string.
    func canonicalAnswer(_ answer: String) -> String?

    /// Whether `answer` (already extracted) is correct for `example`, with task-appropriate
    /// normalisation.
    func isCorrect(_ answer: String, for example: LabeledExample) -> Bool
}

extension TaskFamily {
    public var dataVersion: String? { nil }

    public func prompts(count: Int, seed: UInt64) -> [TaskPrompt] {
        labeled(count: count, seed: seed).map(\.prompt)
    }

    public func extractAnswer(from completion: String) -> String? {
        AnswerText.extract(from: completion)
    }

    public func extractAnswer(fromReply reply: String) -> String? {
        extractAnswer(from: reply)
    }

    /// The answer part of `completion` as `prompt` asks for it: ``extractAnswer(fromReply:)`` for a chat prompt,
    /// else ``extractAnswer(from:)``.
    public func extractAnswer(from completion: String, of prompt: TaskPrompt) -> String? {
        prompt.messages == nil ? extractAnswer(from: completion) : extractAnswer(fromReply: completion)
    }

    public func isWellFormed(_ answer: String) -> Bool {
        canonicalAnswer(answer) != nil
    }

    public func isCorrect(_ answer: String, for example: LabeledExample) -> Bool {
        guard let candidate = canonicalAnswer(answer) else { return false }
        return candidate == canonicalAnswer(example.answer)
    }
}
