import CSQLite

/// The internal C layer: owns one `sqlite3*` handle to a read-only in-memory database.
///
/// Not thread-safe on its own; `SQLExecutor` confines every instance to its serial queue. No SQLite type
/// leaves this file.
final class SQLiteConnection {
    private let handle: OpaquePointer

    /// Builds the database from `script` on a scratch connection, then reopens its bytes read-only
    /// (`sqlite3_deserialize` with `SQLITE_DESERIALIZE_READONLY`), so no write can ever reach it.
    init(script: String) throws(SQLExecutionError) {
        var builder: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &builder, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nil) == SQLITE_OK,
              let builder
        else { throw .failed("cannot open an in-memory SQLite database") }
        defer { sqlite3_close(builder) }
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(builder, script, nil, nil, &message) == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "unknown error"
            sqlite3_free(message)
            throw .invalid("database script failed: \(text)")
        }
        var size: sqlite3_int64 = 0
        guard let bytes = sqlite3_serialize(builder, "main", &size, 0) else {
            throw .failed("sqlite3_serialize returned no bytes")
        }
        var reader: OpaquePointer?
        guard sqlite3_open_v2(":memory:", &reader, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let reader else {
            sqlite3_free(bytes)
            throw .failed("cannot open the read-only connection")
        }
        let flags = UInt32(SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_READONLY)
        guard sqlite3_deserialize(reader, "main", bytes, size, size, flags) == SQLITE_OK else {
            sqlite3_close(reader)
            throw .failed("sqlite3_deserialize failed")
        }
        sqlite3_set_authorizer(reader, SQLiteConnection.authorize, nil)
        // Cap any string or blob a query can build (randomblob(1e9) would otherwise allocate 1 GB) and
        // the statement length; nothing in the task needs more.
        sqlite3_limit(reader, SQLITE_LIMIT_LENGTH, 1_000_000)
        sqlite3_limit(reader, SQLITE_LIMIT_SQL_LENGTH, 10_000)
        handle = reader
    }

    deinit {
        sqlite3_close(handle)
    }

    /// Runs one read-only statement within `budget`; every failure comes back as a value.
    func query(_ sql: String, maxSteps: Int, timeLimit: Duration, maxRows: Int) -> Result<SQLResultSet, SQLExecutionError> {
        var statement: OpaquePointer?
        var rest = ""
        let prepared = sql.withCString { text -> Int32 in
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, text, -1, &statement, &tail)
            if let tail { rest = String(cString: tail) }
            return code
        }
        defer { sqlite3_finalize(statement) }
        guard prepared == SQLITE_OK else {
            let message = lastError()
            return .failure(message.contains("not authorized") ? .notReadOnly(message) : .invalid(message))
        }
        guard let statement else { return .failure(.emptyStatement) }
        guard rest.allSatisfy({ $0.isWhitespace || $0 == ";" }) else { return .failure(.multipleStatements) }
        guard sqlite3_stmt_readonly(statement) != 0, sqlite3_stmt_isexplain(statement) == 0 else {
            return .failure(.notReadOnly("statement is not a plain SELECT"))
        }
        let budget = ProgressBudget(maxTicks: max(1, maxSteps / ProgressBudget.stepsPerTick), timeLimit: timeLimit)
        let context = Unmanaged.passRetained(budget)
        sqlite3_progress_handler(handle, Int32(ProgressBudget.stepsPerTick), ProgressBudget.tick, context.toOpaque())
        defer {
            sqlite3_progress_handler(handle, 0, nil, nil)
            context.release()
        }
        return readRows(statement, maxRows: maxRows)
    }

    private func readRows(_ statement: OpaquePointer, maxRows: Int) -> Result<SQLResultSet, SQLExecutionError> {
        let columnCount = sqlite3_column_count(statement)
        let columns = (0..<columnCount).map { String(cString: sqlite3_column_name(statement, $0)) }
        var rows: [[SQLValue]] = []
        while true {
            switch sqlite3_step(statement) {
            case SQLITE_ROW:
                guard rows.count < maxRows else { return .failure(.tooManyRows(limit: maxRows)) }
                rows.append((0..<columnCount).map { value(statement, column: $0) })
            case SQLITE_DONE:
                return .success(SQLResultSet(columns: columns, rows: rows))
            case SQLITE_INTERRUPT:
                return .failure(.limitExceeded)
            default:
                return .failure(.failed(lastError()))
            }
        }
    }

    private func value(_ statement: OpaquePointer, column: Int32) -> SQLValue {
        switch sqlite3_column_type(statement, column) {
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
        case SQLITE_TEXT: return .text(String(cString: sqlite3_column_text(statement, column)))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement, column))
            guard count > 0, let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default: return .null
        }
    }

    private func lastError() -> String {
        String(cString: sqlite3_errmsg(handle))
    }

    /// Allows reading tables and calling ordinary functions; denies everything else (writes, DDL, PRAGMA,
    /// ATTACH, transactions) at prepare time.
    private static let authorize: @convention(c) (
        UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?,
        UnsafePointer<CChar>?, UnsafePointer<CChar>?
    ) -> Int32 = { _, action, _, argument2, _, _ in
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_FUNCTION:
            let name = argument2.map { String(cString: $0).lowercased() } ?? ""
            return name == "load_extension" ? SQLITE_DENY : SQLITE_OK
        default:
            return SQLITE_DENY
        }
    }
}

/// The step and wall-clock budget of one query, checked by SQLite's progress handler every
/// `stepsPerTick` virtual-machine instructions.
private final class ProgressBudget {
    static let stepsPerTick = 1000
    let maxTicks: Int
    let deadline: ContinuousClock.Instant
    var ticks = 0

    init(maxTicks: Int, timeLimit: Duration) {
        self.maxTicks = maxTicks
        self.deadline = .now + timeLimit
    }

    /// Returns non-zero to make SQLite interrupt the statement with `SQLITE_INTERRUPT`.
    static let tick: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { context in
        guard let context else { return 1 }
        let budget = Unmanaged<ProgressBudget>.fromOpaque(context).takeUnretainedValue()
        budget.ticks += 1
        return budget.ticks > budget.maxTicks || ContinuousClock.now > budget.deadline ? 1 : 0
    }
}
