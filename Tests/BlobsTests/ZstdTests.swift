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
