/// Something a stage could not process, on the `dead-letter` topic, with the reason and the original bytes, so
/// nothing is lost and an operator can fix and replay it.
///
/// A dead letter always fits in one Kafka message: an original larger than `originalLimit` is cut to that many
/// bytes (`truncated`), and its full size and SHA-256 are kept, so the record can still be found at its source
/// offset and checked; a reason longer than `reasonLimit` characters is cut too.
public struct DeadLetterMessage: WireMessage, Equatable {
    public static let schemaName = "tao.dead-letter"
    public static let schemaVersion = 1

    /// Originals up to this many bytes are kept whole: base64 and JSON make ~342 KiB of them, far under a broker's
    /// usual 1 MB message limit.
    public static let originalLimit = 256 * 1024
    public static let reasonLimit = 4096

    /// `<topic>/<partition>/<offset>`: one dead letter per rejected record, however often it is redelivered.
    public var id: String
    /// The stage that rejected it (`generator`, `scorer`, …).
    public var stage: String
    public var sourceTopic: String
    public var partition: Int
    public var offset: Int64
    /// What was wrong and what to do, in words.
    public var reason: String
    /// The record's value as received, or its first `originalLimit` bytes when `truncated`.
    public var original: Payload
    /// The whole original's size in bytes (optional on the wire: letters written before it was added lack it).
    public var originalSize: Int?
    /// SHA-256 (hex) of the whole original.
    public var originalSHA256: String?
    /// True when `original` holds only the first `originalLimit` bytes.
    public var truncated: Bool?

    /// - Parameter originalSHA256: the hash of all of `original` (this module depends on nothing, so the caller
    ///   hashes).
    public init(
        stage: String, sourceTopic: String, partition: Int, offset: Int64, reason: String, original: [UInt8],
        originalSHA256: String
    ) {
        self.id = "\(sourceTopic)/\(partition)/\(offset)"
        self.stage = stage
        self.sourceTopic = sourceTopic
        self.partition = partition
        self.offset = offset
        self.reason = reason.count > Self.reasonLimit
            ? String(reason.prefix(Self.reasonLimit)) + "… (\(reason.count) characters in all)" : reason
        let truncated = original.count > Self.originalLimit
        self.original = .inline(truncated ? Array(original.prefix(Self.originalLimit)) : original)
        self.originalSize = original.count
        self.originalSHA256 = originalSHA256
        self.truncated = truncated
    }
}
