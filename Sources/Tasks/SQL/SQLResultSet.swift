/// One value of a result row.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    /// A comparison key: integral reals equal the integer (`SUM` may return either), other reals are
    /// rounded to 6 decimals, text and blobs are tagged so `'5'` and `5` differ.
    public var canonical: String {
        switch self {
        case .null: return "null"
        case .integer(let value): return "n:\(value)"
        case .real(let value):
            if value.rounded() == value, abs(value) < 9e15 { return "n:\(Int64(value))" }
            return "n:\((value * 1e6).rounded() / 1e6)"
        case .text(let value): return "t:\(value)"
        case .blob(let bytes): return "b:" + bytes.map { String($0, radix: 16) }.joined(separator: ",")
        }
    }
}

/// The rows a query returned. `columns` are the result column names, which comparisons ignore.
public struct SQLResultSet: Sendable, Hashable {
    public var columns: [String]
    /// Row-major values, each row `columns.count` long.
    public var rows: [[SQLValue]]

    public init(columns: [String], rows: [[SQLValue]]) {
        self.columns = columns
        self.rows = rows
    }

    /// True when at least one row holds a non-NULL value (`SELECT SUM(qty) ...` over no rows gives a
    /// single NULL, which counts as empty).
    public var hasContent: Bool {
        rows.contains { row in row.contains { $0 != .null } }
    }

    /// A comparison key for the whole result: row keys in order when `ordered`, sorted otherwise
    /// (a multiset comparison). Column names are not part of the key.
    public func canonicalKey(ordered: Bool) -> String {
        let keys = rows.map { row in row.map(\.canonical).joined(separator: "\u{1F}") }
        let arranged = ordered ? keys : keys.sorted()
        return "\(columns.count)|" + arranged.joined(separator: "\u{1E}")
    }

    /// Same values (and column count), in the same order when `ordered`, as a multiset otherwise.
    public func matches(_ other: SQLResultSet, ordered: Bool) -> Bool {
        canonicalKey(ordered: ordered) == other.canonicalKey(ordered: ordered)
    }
}
