import Foundation
import Llama
import Testing

@Suite("SafeTensors write → read")
struct SafeTensorsRoundTripTests {
    /// Values whose bits a lossy path would change: -0, NaN with payload, subnormal, infinities, extremes.
    static let awkward: [Float] = [
        0, -0.0, 1, -1.5, .pi, .infinity, -.infinity, Float(bitPattern: 0x7FC0_1234), .leastNonzeroMagnitude,
        .greatestFiniteMagnitude, 1e-30, 123_456.789,
    ]

    @Test func floatsAndIdsRoundTripBitExactly() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        var writer = SafeTensorsWriter()
        try writer.add("b.weight", shape: [3, 4], floats: Self.awkward)
        try Self.awkward.withUnsafeBufferPointer { try writer.add("a.bias", shape: [12], floats: $0) }
        try writer.add("ids", shape: [2, 2], int64s: [0, -1, Int64.max, 128_000])
        try writer.add("scalar", shape: [], floats: [42])
        try writer.write(to: url)

        let file = try SafeTensorsFile(contentsOf: url)
        #expect(file.tensorNames == ["a.bias", "b.weight", "ids", "scalar"])
        #expect(file.metadata == ["format": "pt"])
        #expect(try file.info("b.weight").shape == [3, 4])
        #expect(try file.info("b.weight").dtype == .f32)
        #expect(try file.info("ids").dtype == .i64)
        for name in ["a.bias", "b.weight"] {
            #expect(try file.floats(name).map(\.bitPattern) == Self.awkward.map(\.bitPattern))
        }
        #expect(try file.ints("ids") == [0, -1, Int.max, 128_000])
        #expect(try file.floats("scalar") == [42])
        var into = [Float](repeating: 0, count: 12)
        try into.withUnsafeMutableBufferPointer { try file.copyFloats("a.bias", into: $0) }
        #expect(into.map(\.bitPattern) == Self.awkward.map(\.bitPattern))
    }

    @Test func layoutIsAlignedAndDeterministic() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        func write(_ name: String, reversed: Bool) throws -> Data {
            var writer = SafeTensorsWriter()
            let entries = [("z", [Float](repeating: 1, count: 3)), ("a", [2, 3]), ("m", [4])]
            for (n, v) in reversed ? entries.reversed() : entries { try writer.add(n, shape: [v.count], floats: v) }
            try writer.add("tokens", shape: [1], int64s: [7])
            try writer.write(to: dir.appendingPathComponent(name))
            return try Data(contentsOf: dir.appendingPathComponent(name))
        }
        let first = try write("1.safetensors", reversed: false)
        #expect(first == (try write("2.safetensors", reversed: true)))
        let headerLength = first.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(headerLength % 8 == 0)
        // I64 first (8-byte aligned), then F32 by name, regardless of insertion order.
        let file = try SafeTensorsFile(contentsOf: dir.appendingPathComponent("1.safetensors"))
        let ranges = try ["tokens", "a", "m", "z"].map { try file.info($0).dataRange }
        #expect(ranges == [0..<8, 8..<16, 16..<20, 20..<32])
    }

    @Test func writerRejectsBadEntries() throws {
        var writer = SafeTensorsWriter()
        #expect(throws: SafeTensorsError.self) { try writer.add("w", shape: [2, 2], floats: [1, 2, 3]) }
        try writer.add("w", shape: [1], floats: [1])
        #expect(throws: SafeTensorsError.self) { try writer.add("w", shape: [1], floats: [1]) }
        #expect(throws: SafeTensorsError.self) { try writer.add("__metadata__", shape: [1], floats: [1]) }
    }

    @Test func missingTensorAndWrongDTypeAreErrors() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let url = dir.appendingPathComponent("m.safetensors")
        var writer = SafeTensorsWriter()
        try writer.add("w", shape: [2], floats: [1, 2])
        try writer.add("ids", shape: [1], int64s: [3])
        try writer.write(to: url)
        let file = try SafeTensorsFile(contentsOf: url)
        let missing = #expect(throws: SafeTensorsError.self) { try file.floats("nope") }
        #expect(missing?.problem == .tensorNotFound)
        #expect(missing?.tensor == "nope")
        #expect((try? file.ints("w")) == nil)
        #expect((try? file.floats("ids")) == nil)
        var small = [Float](repeating: 0, count: 1)
        let size = #expect(throws: SafeTensorsError.self) {
            try small.withUnsafeMutableBufferPointer { try file.copyFloats("w", into: $0) }
        }
        #expect(size?.problem == .destinationSize(expected: 2, actual: 1))
    }
}
