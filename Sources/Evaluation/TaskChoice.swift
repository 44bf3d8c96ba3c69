import Tasks

/// Built-in tasks by name, with a difficulty where the task has levels: arithmetic (easy, medium, hard) and docqa
/// (easy, medium). The built-in tasks are medium.
public enum TaskChoice {
    public static let difficulties: [ArithmeticTask.Difficulty] = [.easy, .medium, .hard]

    /// The difficulty names a task accepts; `["medium"]` for a task without levels.
    public static func difficultyNames(task: String) -> [String] {
        switch task {
        case "arithmetic": return difficulties.map(\.name)
        case "docqa": return DocumentQATask.Difficulty.allCases.map(\.name)
        default: return ["medium"]
        }
    }

    /// The difficulty bases and experiments use unless told otherwise: `easy` where a task has it, else `medium`.
    public static func experimentDifficulty(task: String) -> String {
        difficultyNames(task: task).contains("easy") ? "easy" : "medium"
    }

    /// - Throws: `TaskLookupError` for an unknown task, ``TaskChoiceError`` for an unknown difficulty or a
    ///   difficulty given for a task without levels.
    public static func task(named name: String, difficulty: String = "medium") throws -> any TaskFamily {
        let known = difficultyNames(task: name)
        guard known.contains(difficulty) else {
            guard known.count > 1 else { throw TaskChoiceError.difficultyNotApplicable(task: name) }
            throw TaskChoiceError.unknownDifficulty(difficulty, known: known)
        }
        switch name {
        case "arithmetic":
            return ArithmeticTask(difficulty: difficulties.first { $0.name == difficulty }!)
        case "docqa":
            return DocumentQATask(difficulty: DocumentQATask.Difficulty(rawValue: difficulty)!)
        default:
            return try BuiltInTasks.task(named: name)
        }
    }

    /// The name a cache uses for a task: `arithmetic-easy`, `docqa-easy`, `sql`, …
    public static func cacheName(_ task: any TaskFamily) -> String {
        if let arithmetic = task as? ArithmeticTask, arithmetic.difficulty != .medium {
            return "\(task.name)-\(arithmetic.difficulty.name)"
        }
        if let document = task as? DocumentQATask, document.difficulty != .medium {
            return "\(task.name)-\(document.difficulty.name)"
        }
        return task.name
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
            return "--difficulty applies to arithmetic and docqa only, not to '\(task)'"
        }
    }
}
