import Foundation
import Logging

/// A swift-log handler that writes one JSON object per line to standard error — `{"time", "level", "label",
/// "message", "source", …metadata}` — for log collectors (Loki, Cloud Logging, Elasticsearch) that parse lines.
/// Selected with `log.format: json` (`TAO_LOG_FORMAT=json`).
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public let label: String

    public init(label: String, level: Logger.Level = .info) {
        self.label = label
        logLevel = level
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(
        level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?, source: String,
        file: String, function: String, line: UInt
    ) {
        FileHandle.standardError.write(Data((Self.line(
            level: level, label: label, message: "\(message)", source: source,
            metadata: metadata.merging(explicit ?? [:]) { $1 }, time: Date()) + "\n").utf8))
    }

    /// One log line as JSON (fields sorted; metadata values as strings).
    static func line(
        level: Logger.Level, label: String, message: String, source: String, metadata: Logger.Metadata, time: Date
    ) -> String {
        var object: [String: String] = [:]
        for (key, value) in metadata { object[key] = "\(value)" }
        object["time"] = time.formatted(.iso8601)
        object["level"] = level.rawValue
        object["label"] = label
        object["message"] = message
        object["source"] = source
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

/// The process's logging, chosen once from the run configuration: text (swift-log's stream handler) or JSON lines,
/// at a level. Later calls do nothing (swift-log allows one bootstrap per process).
public enum ProcessLogging {
    public enum Format: String, CaseIterable, Sendable { case text, json }

    public static func bootstrap(format: Format, level: Logger.Level) {
        let once = Once.shared
        guard once.claim() else { return }
        LoggingSystem.bootstrap { label in
            switch format {
            case .json:
                return JSONLogHandler(label: label, level: level)
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }

    private final class Once: @unchecked Sendable {
        static let shared = Once()
        private let lock = NSLock()
        private var claimed = false
        func claim() -> Bool {
            lock.withLock {
                defer { claimed = true }
                return !claimed
            }
        }
    }
}
