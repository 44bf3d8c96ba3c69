/// Looks up the built-in task families by name, for configs and command-line flags.
public enum BuiltInTasks {
    /// The names `task(named:)` accepts.
    public static let names = ["arithmetic", "sql", "docqa"]

    /// A task family by name: `"arithmetic"` (medium difficulty), `"sql"`, `"docqa"`.
    /// - Throws: `TaskLookupError.unknownTask` naming the known tasks, or the SQL executor's error if
    ///   the SQLite database cannot be built.
    public static func task(named name: String) throws -> any TaskFamily {
        switch name {
        case "arithmetic": return ArithmeticTask()
        case "sql": return try SQLTask()
        case "docqa": return DocumentQATask()
        default: throw TaskLookupError.unknownTask(name, known: names)
        }
    }
}

public enum TaskLookupError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownTask(String, known: [String])

    public var description: String {
        switch self {
        case .unknownTask(let name, let known):
            return "unknown task '\(name)'; known tasks: \(known.joined(separator: ", "))"
        }
    }
}
