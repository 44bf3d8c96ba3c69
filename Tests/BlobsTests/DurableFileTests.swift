import Blobs
import Foundation
import Testing

@Suite struct DurableFileTests {
    struct Refused: Error {}

    /// The check a writer makes just before the rename (the coordinator's fencing check) leaves the old file in
    /// place and no temporary file behind when it refuses; when it passes, the new bytes are there.
    @Test func aRefusalBeforeTheRenameLeavesTheFileAsItWas() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-durable-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("checkpoint.json")
        try DurableFile.write(Array("old".utf8), to: file)
        var checked = false
        #expect(throws: Refused.self) {
            try DurableFile.write(Array("new".utf8), to: file) {
                checked = true
                throw Refused()
            }
        }
        #expect(checked)
        #expect(try String(contentsOf: file, encoding: .utf8) == "old")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["checkpoint.json"])
        try DurableFile.write(Array("new".utf8), to: file) {}
        #expect(try String(contentsOf: file, encoding: .utf8) == "new")
    }
}
