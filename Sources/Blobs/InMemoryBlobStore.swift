import Synchronization

/// A blob store in memory, for tests of stage logic with no filesystem.
public final class InMemoryBlobStore: BlobStore {
    private let blobs = Mutex<[BlobID: [UInt8]]>([:])

    public init() {}

    public func put(_ bytes: [UInt8]) async throws -> BlobID {
        let id = BlobID(of: bytes)
        blobs.withLock { $0[id] = bytes }
        return id
    }

    public func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] {
        guard let bytes = blobs.withLock({ $0[id] }) else { throw BlobStoreError.notFound(id, where: "memory") }
        try BlobStoreError.check(bytes, of: id, expectedSize: expectedSize, where: "memory")
        return bytes
    }

    public func remove(_ id: BlobID) async throws {
        _ = blobs.withLock { $0.removeValue(forKey: id) }
    }

    public func contains(_ id: BlobID) async throws -> Bool {
        blobs.withLock { $0[id] != nil }
    }
}
