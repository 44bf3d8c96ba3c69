/// Bytes that travel with a message when small, or by reference to the blob store when large: a Kafka message
/// stays far below the embedded broker's 5 MiB partition cap (a batch near it is lost) and the usual 1 MB limit.
public enum Payload: Codable, Sendable, Equatable {
    /// Small enough to carry inside the message (JSON encodes the bytes as base64).
    case inline([UInt8])
    /// In the blob store under the SHA-256 of the uncompressed bytes; `size` is that byte count.
    case blob(sha256: String, size: Int)

    /// Above this many bytes a payload goes to the blob store (base64 and JSON add a third on the wire). Small on
    /// purpose: the embedded broker keeps 5 MiB per partition and drops the oldest records beyond that, read or
    /// not, so the 1-partition updates topic must hold a long backlog of small records — about 200 at this limit
    /// (against about 20 at 256 KiB, which lost a stopped coordinator's backlog in the crash test).
    public static let inlineLimit = 16 * 1024

    enum CodingKeys: String, CodingKey { case inline, blob, size }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let base64 = try container.decodeIfPresent(String.self, forKey: .inline) {
            guard let bytes = Base64.decode(base64) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .inline, in: container, debugDescription: "inline payload is not valid base64")
            }
            self = .inline(bytes)
        } else {
            self = .blob(
                sha256: try container.decode(String.self, forKey: .blob),
                size: try container.decode(Int.self, forKey: .size))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .inline(let bytes):
            try container.encode(Base64.encode(bytes), forKey: .inline)
        case .blob(let sha256, let size):
            try container.encode(sha256, forKey: .blob)
            try container.encode(size, forKey: .size)
        }
    }
}
