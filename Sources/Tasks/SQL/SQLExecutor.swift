import Dispatch

/// Executes candidate SQL against the business database, safely: a read-only in-memory copy, an
/// authorizer that only permits reading, one SELECT per call, and a step/time/row budget per query.
/// Failures are returned as `SQLExecutionError` values, never thrown.
///
/// Threading: SQLite calls block, so they run on this executor's own serial dispatch queue, never on
/// Swift Concurrency's cooperative pool; the async `execute` suspends while the queue works. The
/// connection is confined to that queue, which is why the class is `@unchecked Sendable`.
public final class SQLExecutor: @unchecked Sendable {
    /// Limits applied to every query.
    public struct Limits: Sendable, Hashable {
        /// SQLite virtual-machine instructions before the query is interrupted.
        public var maxSteps: Int
        public var timeLimit: Duration
        /// Rows kept before the query is abandoned as `tooManyRows`.
        public var maxRows: Int

        public init(maxSteps: Int = 2_000_000, timeLimit: Duration = .seconds(1), maxRows: Int = 1000) {
            self.maxSteps = maxSteps
            self.timeLimit = timeLimit
            self.maxRows = maxRows
        }
    }

    public let limits: Limits
    private let connection: SQLiteConnection
    private let queue = DispatchQueue(label: "tao.tasks.sql-executor")

    /// Builds the database from `script` (by default the business database).
    /// - Throws: `SQLExecutionError` when the script itself fails.
    public init(script: String = BusinessDatabase.script, limits: Limits = Limits()) throws {
        self.connection = try SQLiteConnection(script: script)
        self.limits = limits
    }

    /// Runs `sql` and returns its rows or why it could not. Blocks the caller; use from synchronous
    /// code and tests. Trailing semicolons are allowed.
    public func execute(_ sql: String) -> Result<SQLResultSet, SQLExecutionError> {
        queue.sync { run(sql) }
    }

    /// Runs `sql` on the executor's queue without blocking a cooperative thread.
    public func execute(_ sql: String) async -> Result<SQLResultSet, SQLExecutionError> {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: self.run(sql)) }
        }
    }

    private func run(_ sql: String) -> Result<SQLResultSet, SQLExecutionError> {
        guard sql.contains(where: { !$0.isWhitespace && $0 != ";" }) else { return .failure(.emptyStatement) }
        return connection.query(sql, maxSteps: limits.maxSteps, timeLimit: limits.timeLimit, maxRows: limits.maxRows)
    }
}
