/// A message the fleet's stages exchange over Kafka: a closed, versioned set of types.
///
/// Every value is JSON with a `schema` field naming its type and version (`tao.candidates/1`), so a consumer can
/// tell a message from another run, another version or another program, and send it to the dead-letter topic with
/// that reason instead of guessing.
public protocol WireMessage: Codable, Sendable {
    /// The schema name, e.g. `tao.candidates`.
    static var schemaName: String { get }
    /// Bumped on any change an older consumer cannot read.
    static var schemaVersion: Int { get }
    /// Deterministic: a redelivered or recomputed message has the same id, so consumers can drop duplicates.
    var id: String { get }
}

extension WireMessage {
    /// `name/version`, as written in the `schema` field.
    public static var schema: String { "\(schemaName)/\(schemaVersion)" }
}
