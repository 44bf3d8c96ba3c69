import Tasks

/// The scores of an exact verifier once it knows the answer: `wellFormed` (the task can read an answer from the
/// completion) and `correct` (its canonical form equals `expected`); the total equals `correct`. Shared by
/// ``ArithmeticVerifier`` and ``StatementVerifier``, which differ only in how they work the answer out.
enum ExactAnswerScores {
    /// - Parameter expected: the answer in the task's canonical form.
    static func scores(
        _ completions: [String], of prompt: TaskPrompt, expected: String, task: any TaskFamily
    ) -> [Score] {
        completions.map { completion in
            let answer = task.extractAnswer(from: completion, of: prompt).flatMap(task.canonicalAnswer)
            let correct: Double = answer == expected ? 1 : 0
            return Score(total: correct, components: ["wellFormed": answer == nil ? 0 : 1, "correct": correct])
        }
    }
}
