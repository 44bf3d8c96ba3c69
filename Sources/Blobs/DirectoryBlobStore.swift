import Dispatch
import Foundation

/// Blobs as zstd-compressed files under a directory (local, or shared storage such as NFS):
/// `<root>/<first two hex digits>/<sha256>.zst`.
///
/// Writes go to a temporary file in the same directory, are fsynced and renamed into place (`DurableFile`), so a
/// reader never sees a partial blob, a crash never loses one that was put, and concurrent writers of the same blob
/// both succeed. Reads verify the size and the hash.
///
/// Threading: file I/O, compression and hashing are blocking work and run on a private dispatch queue, off Swift
/// Concurrency's cooperative thread pool.
public final class DirectoryBlobStore: BlobStore {
    public let root: URL
    private let level: Int32
    private static let queue = DispatchQueue(label: "tao.blobs.io", attributes: .concurrent)

    /// - Parameter compressionLevel: zstd level (1 fast … 19 small); 3 is zstd's own default.
    public init(root: URL, compressionLevel: Int32 = 3) throws {
        self.root = root
        self.level = compressionLevel
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    public func put(_ bytes: [UInt8]) async throws -> BlobID {
        try await offload { [self] in
            let id = BlobID(of: bytes)
            let destination = path(of: id)
            if FileManager.default.fileExists(atPath: destination.path) { return id }
            let shard = destination.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: shard.path) {
                try FileManager.default.createDirectory(at: shard, withIntermediateDirectories: true)
                try DurableFile.syncDirectory(root)
            }
            // Durable before `put` returns: the coordinator's checkpoint names this blob right after. rename(2)
            // is atomic and replaces an identical blob a concurrent writer may have put meanwhile.
            try DurableFile.write(try Zstd.compress(bytes, level: level), to: destination)
            return id
        }
    }

    public func get(_ id: BlobID, expectedSize: Int?) async throws -> [UInt8] {
        try await offload { [self] in
            let file = path(of: id)
            guard let compressed = FileManager.default.contents(atPath: file.path) else {
                throw BlobStoreError.notFound(id, where: root.path)
            }
            let bytes = try Zstd.decompress([UInt8](compressed), expectedSize: expectedSize)
            let actual = SHA256.hex(bytes)
            guard actual == id.sha256 else { throw BlobStoreError.corrupt(id, actual: actual, where: file.path) }
            return bytes
        }
    }

    public func remove(_ id: BlobID) async throws {
        try await offload { [self] in
            do {
                try FileManager.default.removeItem(at: path(of: id))
            } catch CocoaError.fileNoSuchFile {
                // Already gone: removing is idempotent.
            }
        }
    }

    public func contains(_ id: BlobID) async throws -> Bool {
        FileManager.default.fileExists(atPath: path(of: id).path)
    }

    /// Where blob `id` lives; the id is validated hex, so this cannot escape `root`.
    public func path(of id: BlobID) -> URL {
        root.appendingPathComponent(String(id.sha256.prefix(2)), isDirectory: true)
            .appendingPathComponent("\(id.sha256).zst")
    }

    private func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Self.queue.async { continuation.resume(with: Result { try work() }) }
        }
    }
}
