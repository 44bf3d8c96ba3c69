import Tasks

/// Built-in tasks by name, with arithmetic's difficulty selectable (the built-in `arithmetic` is medium).
public enum TaskChoice {
    public static let difficulties: [ArithmeticTask.Difficulty] = [.easy, .medium, .hard]

    /// - Throws: `TaskLookupError` for an unknown task, ``TaskChoiceError`` for an unknown difficulty or a
    ///   difficulty given for another task.
    public static func task(named name: String, difficulty: String = "medium") throws -> any TaskFamily {
        guard name == "arithmetic" else {
            guard difficulty == "medium" else { throw TaskChoiceError.difficultyNotApplicable(task: name) }
            return try BuiltInTasks.task(named: name)
        }
        guard let level = difficulties.first(where: { $0.name == difficulty }) else {
            throw TaskChoiceError.unknownDifficulty(difficulty, known: difficulties.map(\.name))
        }
        return ArithmeticTask(difficulty: level)
    }

    /// The name a cache uses for a task: `arithmetic-easy`, `sql`, …
    public static func cacheName(_ task: any TaskFamily) -> String {
        guard let arithmetic = task as? ArithmeticTask, arithmetic.difficulty != .medium else { return task.name }
        return "\(task.name)-\(arithmetic.difficulty.name)"
    }
}

public enum TaskChoiceError: Error, Equatable, CustomStringConvertible {
    case unknownDifficulty(String, known: [String])
    case difficultyNotApplicable(task: String)

    public var description: String {
        switch self {
        case .unknownDifficulty(let name, let known):
            return "unknown difficulty '\(name)'; choose one of \(known.joined(separator: ", "))"
        case .difficultyNotApplicable(let task):
            return "--difficulty applies to arithmetic only, not to '\(task)'"
        }
    }
}
