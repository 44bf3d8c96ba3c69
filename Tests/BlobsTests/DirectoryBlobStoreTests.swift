import Blobs
import Foundation
import Testing

@Suite struct DirectoryBlobStoreTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("tao-blobs-\(UUID())")

    @Test func putThenGetReturnsTheBytesUnderTheirHash() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DirectoryBlobStore(root: root)
        let bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 % 251) }
        let id = try await store.put(bytes)
        #expect(id.sha256 == SHA256.hex(bytes))
        #expect(try await store.contains(id))
        #expect(try await store.get(id) == bytes)
        // A second store over the same directory (another process, in the fleet) sees the blob.
        #expect(try await DirectoryBlobStore(root: root).get(id) == bytes)
    }

    @Test func concurrentPutsOfTheSameBlobAllSucceedAndLeaveOneFile() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DirectoryBlobStore(root: root)
        let bytes = Array(repeating: UInt8(42), count: 200_000)
        let ids = try await withThrowingTaskGroup(of: BlobID.self) { group in
            for _ in 0..<8 { group.addTask { try await store.put(bytes) } }
            return try await group.reduce(into: Set<BlobID>()) { $0.insert($1) }
        }
        #expect(ids.count == 1)
        let files = try FileManager.default.contentsOfDirectory(
            atPath: store.path(of: ids.first!).deletingLastPathComponent().path)
        #expect(files == ["\(ids.first!.sha256).zst"])
    }

    @Test func missingAndCorruptBlobsAreClearErrors() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DirectoryBlobStore(root: root)
        let absent = BlobID(of: [1, 2, 3])
        await #expect(throws: BlobStoreError.notFound(absent, where: root.path)) { try await store.get(absent) }

        let id = try await store.put(Array("the real weights".utf8))
        try Data(try Zstd.compress(Array("tampered weights".utf8))).write(to: store.path(of: id))
        await #expect(throws: BlobStoreError.self) { try await store.get(id) }
    }

    @Test func removingIsIdempotent() async throws {
        defer { try? FileManager.default.removeItem(at: root) }
        for store in [try DirectoryBlobStore(root: root), InMemoryBlobStore()] as [any BlobStore] {
            let id = try await store.put(Array("gradients of update u-1".utf8))
            try await store.remove(id)
            #expect(try await !store.contains(id))
            try await store.remove(id)
            await #expect(throws: BlobStoreError.self) { try await store.get(id) }
        }
    }

    @Test func idsThatCouldEscapeTheStoreAreRejected() {
        #expect(throws: BlobStoreError.self) { try BlobID(sha256: "../../etc/passwd") }
        #expect(throws: BlobStoreError.self) { try BlobID(sha256: String(repeating: "A", count: 64)) }
        #expect(throws: Never.self) { try BlobID(sha256: String(repeating: "a", count: 64)) }
    }
}
