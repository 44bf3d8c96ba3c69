import Blobs
import Foundation
import Testing

@Suite struct ZstdTests {
    @Test func roundTrip() throws {
        let bytes = (0..<50_000).map { UInt8(truncatingIfNeeded: ($0 * $0) >> 3) }
        let frame = try Zstd.compress(bytes)
        #expect(frame.count < bytes.count)
        #expect(try Zstd.decompress(frame) == bytes)
        #expect(try Zstd.decompress(try Zstd.compress([])) == [])
    }

    /// Frames written by the zstd command-line tool (an independent writer) decode.
    @Test func readsTheZstdCLIsFrames() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-zstd-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain")
        let bytes = Array(String(repeating: "policy weights v7 ", count: 2000).utf8)
        try Data(bytes).write(to: plain)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/zstd")
        process.arguments = ["-q", "-19", plain.path, "-o", plain.path + ".zst"]
        try process.run()
        process.waitUntilExit()
        try #require(process.terminationStatus == 0)
        let frame = try [UInt8](Data(contentsOf: URL(fileURLWithPath: plain.path + ".zst")))
        #expect(try Zstd.decompress(frame) == bytes)
    }

    @Test func corruptInputIsAClearError() throws {
        let frame = try Zstd.compress(Array(repeating: 7, count: 10_000))
        #expect(throws: ZstdError.self) { try Zstd.decompress(Array(frame.prefix(frame.count / 2))) }
        #expect(throws: ZstdError.self) { try Zstd.decompress(Array("not zstd at all".utf8)) }
    }
}

/// A frame header may claim any size (up to 16 GiB passed before): a blob store that knows the size its reference
/// announced refuses a frame claiming another before allocating for it, and a blob of the wrong size is an error.
@Suite struct BlobSizeTests {
    /// A 13-byte zstd frame header: magic, single-segment descriptor with an 8-byte content size, no blocks.
    static func header(claiming size: UInt64) -> [UInt8] {
        [0x28, 0xB5, 0x2F, 0xFD, 0xE0] + (0..<8).map { UInt8(truncatingIfNeeded: size >> (8 * $0)) }
    }

    @Test func aFrameClaimingGigabytesIsRefusedBeforeAllocation() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tao-bomb-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let store = try DirectoryBlobStore(root: root)
        let id = BlobID(of: Array("the real content".utf8))
        try FileManager.default.createDirectory(
            at: store.path(of: id).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(Self.header(claiming: 8 << 30)).write(to: store.path(of: id))
        let error = await #expect(throws: ZstdError.self) { try await store.get(id, expectedSize: 16) }
        #expect(error?.description.contains("claims 8589934592 bytes but 16 were expected") == true)

        let real = try await store.put(Array("seventeen bytes!!".utf8))
        await #expect(throws: ZstdError.self) { try await store.get(real, expectedSize: 16) }
        #expect(try await store.get(real, expectedSize: 17) == Array("seventeen bytes!!".utf8))
        let memory = InMemoryBlobStore()
        let small = try await memory.put([1, 2, 3])
        await #expect(throws: BlobStoreError.sizeMismatch(small, expected: 4, actual: 3, where: "memory")) {
            try await memory.get(small, expectedSize: 4)
        }
        // No temporary file is left beside a blob that was put durably.
        let shard = store.path(of: real).deletingLastPathComponent()
        #expect(try FileManager.default.contentsOfDirectory(atPath: shard.path) == ["\(real.sha256).zst"])
    }
}
