import Tasks

/// Whether a completion contains an answer of the expected shape (an integer, a number, a SELECT).
///
/// Components: `present` (something before the stop marker) and `wellFormed` (it has the task's
/// shape); the total equals `wellFormed`. Useful as a small shaping term next to a verifier, e.g.
/// `"verifier+0.2*format"`, never alone: it says nothing about correctness.
public struct FormatScorer: Scorer {
    public let name = "format"
    public let task: any TaskFamily

    public init(task: any TaskFamily) {
        self.task = task
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        completions.map { completion in
            let answer = task.extractAnswer(from: completion, of: prompt)
            let wellFormed: Double = answer.map(task.isWellFormed) == true ? 1 : 0
            return Score(total: wellFormed, components: ["present": answer == nil ? 0 : 1, "wellFormed": wellFormed])
        }
    }
}
