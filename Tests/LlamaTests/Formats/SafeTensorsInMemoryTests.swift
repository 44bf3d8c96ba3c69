import Foundation
import Llama
import Testing

/// Policy weights travel as blobs: the in-memory form must be byte for byte the file form.
@Suite struct SafeTensorsInMemoryTests {
    @Test func serializedBytesAreTheFilesBytesAndReadBack() throws {
        var writer = SafeTensorsWriter()
        try writer.add("b.weight", shape: [2, 3], floats: [1, -2, 3.5, 0, .pi, -1e-8])
        try writer.add("a.ids", shape: [3], int64s: [7, 8, -9])
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tao-st-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try writer.write(to: url)
        let bytes = try writer.serialized()
        #expect(bytes == [UInt8](try Data(contentsOf: url)))

        let file = try SafeTensorsFile(bytes: bytes, name: "blob")
        #expect(try file.floats("b.weight") == [1, -2, 3.5, 0, .pi, -1e-8])
        #expect(try file.ints("a.ids") == [7, 8, -9])
        #expect(throws: SafeTensorsError.self) { try SafeTensorsFile(bytes: Array(bytes.prefix(20)), name: "cut") }
    }
}
