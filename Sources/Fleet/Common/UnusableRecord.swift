/// Why a record off the wire cannot be used, in words: the reason of its dead letter.
public struct UnusableRecord: Error, CustomStringConvertible, Equatable {
    /// What the record is, e.g. "rollout p1@v3" or "update u-1f…".
    public let what: String
    public let reason: String

    public init(_ what: String, _ reason: String) {
        self.what = what
        self.reason = reason
    }

    public var description: String { "unusable \(what): \(reason)" }
}
