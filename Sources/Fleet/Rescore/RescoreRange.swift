import Foundation

/// Which records of a candidates topic `tao rescore` reads: offsets per partition, or a span of record times.
/// The end of every partition is its high watermark when the rescore begins, so records that arrive meanwhile wait
/// for the next rescore.
public enum RescoreRange: Sendable, Equatable {
    /// Offsets `from..<to` of each partition; an unset bound is the partition's first retained offset (`from`) or
    /// its end (`to`).
    case offsets(from: PartitionOffsets, to: PartitionOffsets)
    /// Records whose timestamp t has `from ≤ t < to` (nil: no bound); every partition is read from its start to its
    /// end, since a log's times need not be in offset order. A record without a timestamp is outside every span.
    case time(from: Date?, to: Date?)

    /// The whole topic, up to its end now.
    public static let whole = RescoreRange.offsets(from: PartitionOffsets(), to: PartitionOffsets())

    /// The offsets to read of each partition, given its watermarks now.
    public func plan(watermarks: [Int32: (low: Int64, high: Int64)]) -> [Int32: Range<Int64>] {
        var plan: [Int32: Range<Int64>] = [:]
        for (partition, marks) in watermarks {
            switch self {
            case .offsets(let from, let to):
                let start = min(max(from.offset(for: Int(partition)) ?? marks.low, marks.low), marks.high)
                let end = min(max(to.offset(for: Int(partition)) ?? marks.high, start), marks.high)
                plan[partition] = start..<end
            case .time:
                plan[partition] = marks.low..<marks.high
            }
        }
        return plan
    }

    /// Whether a record read by `plan` belongs to the range: always for offsets, by its timestamp for times.
    public func admits(timestamp: Date?) -> Bool {
        guard case .time(let from, let to) = self else { return true }
        guard let timestamp else { return false }
        let milliseconds = Self.milliseconds(timestamp)
        if let from, milliseconds < Self.milliseconds(from) { return false }
        if let to, milliseconds >= Self.milliseconds(to) { return false }
        return true
    }

    /// Kafka keeps record times in whole milliseconds; bounds are compared at that precision.
    static func milliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A time bound as `--from`/`--to` take it: ISO-8601 (`2025-06-01T12:00:00Z`, fractional seconds and
    /// offsets allowed) or milliseconds since 1970 (`1748779200000`).
    public static func time(parsing text: String) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), trimmed.allSatisfy(\.isNumber), let ms = Int64(trimmed) {
            return Date(timeIntervalSince1970: Double(ms) / 1000)
        }
        let formatter = ISO8601DateFormatter()
        for options: ISO8601DateFormatter.Options in [
            [.withInternetDateTime, .withFractionalSeconds], [.withInternetDateTime],
        ] {
            formatter.formatOptions = options
            if let date = formatter.date(from: trimmed) { return date }
        }
        throw RescoreError.badTime(text)
    }
}

/// An offset per partition, as `--from-offset`/`--to-offset` take it: `120` (every partition) or
/// `0:120,3:40` (those partitions; the others unbounded), or both: `0:120,40` (partition 0 at 120, the rest at 40).
public struct PartitionOffsets: Sendable, Equatable {
    /// For every partition not in `byPartition`; nil: unbounded.
    public var all: Int64?
    public var byPartition: [Int: Int64]

    public init(all: Int64? = nil, byPartition: [Int: Int64] = [:]) {
        self.all = all
        self.byPartition = byPartition
    }

    public init(parsing text: String) throws {
        self.init()
        for part in text.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            switch pieces.count {
            case 1:
                guard all == nil, let offset = Int64(pieces[0]), offset >= 0 else { throw RescoreError.badOffsets(text) }
                all = offset
            case 2:
                guard let partition = Int(pieces[0]), partition >= 0, let offset = Int64(pieces[1]), offset >= 0,
                    byPartition[partition] == nil
                else { throw RescoreError.badOffsets(text) }
                byPartition[partition] = offset
            default:
                throw RescoreError.badOffsets(text)
            }
        }
        if all == nil && byPartition.isEmpty { throw RescoreError.badOffsets(text) }
    }

    public func offset(for partition: Int) -> Int64? { byPartition[partition] ?? all }
}
