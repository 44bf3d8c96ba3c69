import Tasks

/// Built-in tasks by name, with a difficulty where the task has levels — arithmetic (easy, medium, hard, large) and
/// docqa (easy, medium); the built-in tasks are medium — and a posing: plain text or chat (``TaskPosing``; SQL is
/// plain only).
public enum TaskChoice {
    public static let difficulties: [ArithmeticTask.Difficulty] = [.easy, .medium, .hard, .large]

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

    /// - Throws: `TaskLookupError` for an unknown task, ``TaskChoiceError`` for an unknown difficulty, a
    ///   difficulty given for a task without levels, or a chat posing of SQL.
    public static func task(
        named name: String, difficulty: String = "medium", posing: TaskPosing = .plain
    ) throws -> any TaskFamily {
        let known = difficultyNames(task: name)
        guard known.contains(difficulty) else {
            guard known.count > 1 else { throw TaskChoiceError.difficultyNotApplicable(task: name) }
            throw TaskChoiceError.unknownDifficulty(difficulty, known: known)
        }
        switch name {
        case "arithmetic":
            return ArithmeticTask(difficulty: difficulties.first { $0.name == difficulty }!, posing: posing)
        case "docqa":
            return DocumentQATask(difficulty: DocumentQATask.Difficulty(rawValue: difficulty)!, posing: posing)
        default:
            guard posing == .plain else { throw TaskChoiceError.noChatPosing(task: name) }
            return try BuiltInTasks.task(named: name)
        }
    }

    /// The difficulty a pretrained instruct model is tuned at unless told: docqa easy, arithmetic large.
    public static func pretrainedDifficulty(task: String) -> String {
        task == "arithmetic" ? "large" : "easy"
    }

    /// The posing of a task's prompts (plain for tasks that have only one).
    public static func posing(_ task: any TaskFamily) -> TaskPosing {
        (task as? ArithmeticTask)?.posing ?? (task as? DocumentQATask)?.posing ?? .plain
    }

    /// The name a cache or a result uses for a task: `arithmetic-easy`, `docqa-easy`, `sql`, `docqa-easy-chat`, …
    public static func cacheName(_ task: any TaskFamily) -> String {
        var name = task.name
        if let arithmetic = task as? ArithmeticTask, arithmetic.difficulty != .medium {
            name += "-\(arithmetic.difficulty.name)"
        }
        if let document = task as? DocumentQATask, document.difficulty != .medium {
            name += "-\(document.difficulty.name)"
        }
        return posing(task) == .chat ? name + "-chat" : name
    }
}

public enum TaskChoiceError: Error, Equatable, CustomStringConvertible {
    case unknownDifficulty(String, known: [String])
    case difficultyNotApplicable(task: String)
    case noChatPosing(task: String)

    public var description: String {
        switch self {
        case .unknownDifficulty(let name, let known):
            return "unknown difficulty '\(name)'; choose one of \(known.joined(separator: ", "))"
        case .difficultyNotApplicable(let task):
            return "--difficulty applies to arithmetic and docqa only, not to '\(task)'"
        case .noChatPosing(let task):
            return "'\(task)' has no chat posing yet (arithmetic and docqa do); pose it plain, or write the chats "
                + "yourself in a .jsonl eval file with \"messages\""
        }
    }
}
