/// Why `tao rescore` cannot start, and what to give it instead.
public enum RescoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case badTime(String)
    case badOffsets(String)
    case noSuchTopic(String, bootstrap: String)
    case sameRun(String)

    public var description: String {
        switch self {
        case .badTime(let text):
            "'\(text)' is not a time: give ISO-8601 (2025-06-01T12:00:00Z) or milliseconds since 1970 (1748779200000)"
        case .badOffsets(let text):
            "'\(text)' is not a list of offsets: give OFFSET (every partition) or PARTITION:OFFSET,… (e.g. 0:120,3:40)"
        case .noSuchTopic(let topic, let bootstrap):
            "topic \(topic) does not exist on \(bootstrap): is the source run id right?"
        case .sameRun(let run):
            "the rescored rollouts would join run \(run)'s own: give --to-run a new run id"
        }
    }
}
