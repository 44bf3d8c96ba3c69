/// Why a candidate query did not produce a result. Returned as a value by `SQLExecutor`, never thrown,
/// so scoring a bad candidate is an ordinary outcome.
public enum SQLExecutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The text is empty or only whitespace and semicolons.
    case emptyStatement
    /// More than one statement; only a single SELECT is executed.
    case multipleStatements
    /// The statement would write, attach, change settings or is not a query; the message says which.
    case notReadOnly(String)
    /// SQLite rejected the statement (syntax error, unknown table or column, ...).
    case invalid(String)
    /// The query ran past its step or time budget and was interrupted.
    case limitExceeded
    /// The query returned more rows than the executor keeps.
    case tooManyRows(limit: Int)
    /// SQLite failed while running the statement.
    case failed(String)

    public var description: String {
        switch self {
        case .emptyStatement: return "empty SQL statement"
        case .multipleStatements: return "more than one SQL statement; send a single SELECT"
        case .notReadOnly(let message): return "not a read-only SELECT: \(message)"
        case .invalid(let message): return "invalid SQL: \(message)"
        case .limitExceeded: return "query exceeded its step/time budget and was interrupted"
        case .tooManyRows(let limit): return "query returned more than \(limit) rows"
        case .failed(let message): return "query failed: \(message)"
        }
    }
}
