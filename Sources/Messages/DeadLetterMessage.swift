/// Something a stage could not process, on the `dead-letter` topic, with the reason and the original bytes, so
/// nothing is lost and an operator can fix and replay it.
public struct DeadLetterMessage: WireMessage, Equatable {
    public static let schemaName = "tao.dead-letter"
    public static let schemaVersion = 1

    /// `<topic>/<partition>/<offset>`: one dead letter per rejected record, however often it is redelivered.
    public var id: String
    /// The stage that rejected it (`generator`, `scorer`, …).
    public var stage: String
    public var sourceTopic: String
    public var partition: Int
    public var offset: Int64
    /// What was wrong and what to do, in words.
    public var reason: String
    /// The record's value, as received.
    public var original: Payload

    public init(stage: String, sourceTopic: String, partition: Int, offset: Int64, reason: String, original: [UInt8]) {
        self.id = "\(sourceTopic)/\(partition)/\(offset)"
        self.stage = stage
        self.sourceTopic = sourceTopic
        self.partition = partition
        self.offset = offset
        self.reason = reason
        self.original = .inline(original)
    }
}
