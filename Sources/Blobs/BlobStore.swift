/// Content-addressed storage for payloads too large for one Kafka message: policy weights, full gradients,
/// optimiser state. A blob is named by the SHA-256 of its uncompressed bytes, so putting the same bytes twice is a
/// no-op and a reader can verify what it got.
///
/// Implementations: `DirectoryBlobStore` (a local or shared directory, zstd-compressed files) and
/// `InMemoryBlobStore` (tests). A Kafka-only store for clusters without shared storage joins them with the fleet.
public protocol BlobStore: Sendable {
    /// Stores `bytes` and returns their id. Idempotent.
    func put(_ bytes: [UInt8]) async throws -> BlobID
    /// The bytes of blob `id`, verified against the id.
    /// - Parameter expectedSize: the size the reference to the blob announced; a store that decompresses refuses a
    ///   frame claiming another size before allocating for it, and every store refuses a blob of another size
    ///   (`BlobStoreError.sizeMismatch`). Nil when the caller does not know.
    func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8]
    func contains(_ id: BlobID) async throws -> Bool
    /// Deletes blob `id` if present (idempotent): the coordinator drops an update's gradients once they are
    /// committed, so a long run's store holds policy versions, not every gradient it ever received.
    func remove(_ id: BlobID) async throws
}

extension BlobStore {
    /// The bytes of blob `id`, verified against the id, whatever their size.
    public func get(_ id: BlobID) async throws -> [UInt8] {
        try await get(id, expectedSize: nil)
    }
}

/// The SHA-256 of a blob's uncompressed bytes, as 64 lowercase hex digits.
public struct BlobID: Hashable, Codable, Sendable, CustomStringConvertible {
    public let sha256: String

    /// Validates the hex form, so ids read off the wire cannot name paths outside a store.
    public init(sha256: String) throws {
        guard sha256.count == 64, sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
            throw BlobStoreError.invalidID(sha256)
        }
        self.sha256 = sha256
    }

    /// The id of `bytes`.
    public init(of bytes: [UInt8]) {
        self.sha256 = SHA256.hex(bytes)
    }

    public var description: String { "sha256:\(sha256)" }

    public init(from decoder: any Decoder) throws {
        try self.init(sha256: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(sha256)
    }
}

public enum BlobStoreError: Error, CustomStringConvertible, Equatable {
    case invalidID(String)
    case notFound(BlobID, where: String)
    case corrupt(BlobID, actual: String, where: String)
    case sizeMismatch(BlobID, expected: Int, actual: Int, where: String)

    public var description: String {
        switch self {
        case .invalidID(let text):
            return "'\(text)' is not a blob id: expected 64 lowercase hex digits (a SHA-256)"
        case .notFound(let id, let place):
            return "blob \(id) is not in \(place): was it written to another store, or removed?"
        case .corrupt(let id, let actual, let place):
            return "blob \(id) in \(place) is corrupt: its content hashes to \(actual); delete it and put it again"
        case .sizeMismatch(let id, let expected, let actual, let place):
            return "blob \(id) in \(place) is \(actual) bytes, but the reference to it says \(expected): the "
                + "reference or the blob is wrong"
        }
    }
}

extension BlobStoreError {
    /// Throws `.sizeMismatch` unless `bytes` has the `expected` size (when one is given).
    public static func check(_ bytes: [UInt8], of id: BlobID, expectedSize expected: Int?, where place: String) throws {
        if let expected, bytes.count != expected {
            throw BlobStoreError.sizeMismatch(id, expected: expected, actual: bytes.count, where: place)
        }
    }
}
