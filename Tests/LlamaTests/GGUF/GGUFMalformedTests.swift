import Foundation
import Llama
import Testing

/// Truncated, corrupt and hostile GGUF bytes: each is a GGUFError naming the problem, never a crash or a huge
/// allocation.
@Suite("GGUF malformed files")
struct GGUFMalformedTests {
    static func open(_ bytes: [UInt8]) throws -> GGUFFile { try GGUFFile(bytes: bytes, name: "bad.gguf") }

    static func problem(_ bytes: [UInt8]) -> GGUFError.Problem? {
        do {
            _ = try open(bytes)
            return nil
        } catch let error as GGUFError {
            #expect(error.file == "bad.gguf" && !error.description.isEmpty)
            return error.problem
        } catch {
            Issue.record("not a GGUFError: \(error)")
            return nil
        }
    }

    @Test func theFixtureTruncatedAnywhereIsAnError() throws {
        let bytes = try GGUFFixture.bytes()
        let file = try GGUFFile(contentsOf: GGUFFixture.url)
        // Inside the header, the metadata, the tensor infos, the padding before the data, and the data.
        var cuts = [
            0, 3, 4, 7, 12, 23, 24, 30, 100, 1_000, 5_000, file.dataStart - 1, file.dataStart, file.dataStart + 1,
        ]
        cuts += stride(from: file.dataStart + 97, to: bytes.count, by: 9_973) + [bytes.count - 1]
        for cut in cuts {
            #expect(Self.problem(Array(bytes.prefix(cut))) != nil, "cut at \(cut) of \(bytes.count) opened")
        }
        #expect(Self.problem(bytes) == nil)
    }

    @Test func badMagicAndWrongVersion() throws {
        var bytes = GGUFBytes.small()
        bytes[0] = UInt8(ascii: "X")
        #expect(Self.problem(bytes) == .badMagic(found: Array("XGUF".utf8)))
        #expect(Self.problem(Array("not a gguf file at all".utf8)) == .badMagic(found: Array("not ".utf8)))
        let v2 = GGUFBytes.file(metadata: [], tensors: [], version: 2)
        #expect(Self.problem(v2) == .unsupportedVersion(found: 2))
        let description = GGUFError(file: "f", problem: .unsupportedVersion(found: 2)).description
        #expect(description.contains("only version 3") && description.contains("re-convert"))
    }

    @Test func hugeLengthsAndCountsAreRefusedBeforeAllocating() {
        let header = Array("GGUF".utf8) + GGUFBytes.u32(3)
        // A key string claiming 2^62 bytes.
        let hugeString =
            header + GGUFBytes.u64(0) + GGUFBytes.u64(1) + GGUFBytes.u64(1 << 62) + Array("key".utf8)
            + [UInt8](repeating: 0, count: 32)
        #expect(Self.problem(hugeString) == .absurdCount(what: "metadata key length", count: 1 << 62))
        // Absurd metadata and tensor counts.
        #expect(
            Self.problem(header + GGUFBytes.u64(0) + GGUFBytes.u64(UInt64.max))
                == .absurdCount(what: "metadata count", count: UInt64.max))
        #expect(
            Self.problem(header + GGUFBytes.u64(1 << 40) + GGUFBytes.u64(0))
                == .absurdCount(what: "tensor count", count: 1 << 40))
        // An array of 2^40 u64s, and an array of arrays claiming 2^40 elements.
        let array = header + GGUFBytes.u64(0) + GGUFBytes.u64(1) + GGUFBytes.string("a") + GGUFBytes.u32(9)
        #expect(
            Self.problem(array + GGUFBytes.u32(10) + GGUFBytes.u64(1 << 40))
                == .absurdCount(what: "array length of 'a'", count: 1 << 40))
        let nested = array + GGUFBytes.u32(9) + GGUFBytes.u64(1) + GGUFBytes.u32(8) + GGUFBytes.u64(1 << 40)
        #expect(Self.problem(nested) == .absurdCount(what: "array length of 'a'", count: 1 << 40))
        // A string value whose length passes the end.
        let value =
            header + GGUFBytes.u64(0) + GGUFBytes.u64(1) + GGUFBytes.string("s") + GGUFBytes.u32(8) + GGUFBytes.u64(100)
            + [1, 2]
        #expect(Self.problem(value) == .absurdCount(what: "string length", count: 100))
    }

    @Test func badValuesAndKeys() {
        let header = Array("GGUF".utf8) + GGUFBytes.u32(3) + GGUFBytes.u64(0)
        let badType = header + GGUFBytes.u64(1) + GGUFBytes.string("k") + GGUFBytes.u32(13)
        #expect(Self.problem(badType) == .unknownValueType(13))
        let badBool = header + GGUFBytes.u64(1) + GGUFBytes.string("k") + GGUFBytes.u32(7) + [2]
        #expect(Self.problem(badBool) == .badMetadata(key: "k", reason: "bool byte 2 is neither 0 nor 1"))
        let twice = GGUFBytes.small(metadata: [("k", .uint8(1)), ("k", .uint8(2))])
        #expect(Self.problem(twice) == .duplicateKey("k"))
        let alignment = GGUFBytes.small(metadata: [("general.alignment", .uint32(48))])
        #expect(
            Self.problem(alignment)
                == .badMetadata(key: "general.alignment", reason: "uint32(48) is not a power of two ≤ 2^20"))
    }

    /// The smallest file with tensor infos as given and 64 bytes of data.
    static func withTensors(_ infos: [(name: String, dims: [Int], type: UInt32, offset: UInt64)]) -> [UInt8] {
        var out = Array("GGUF".utf8) + GGUFBytes.u32(3) + GGUFBytes.u64(UInt64(infos.count)) + GGUFBytes.u64(0)
        for info in infos {
            out += GGUFBytes.tensorInfo(name: info.name, dims: info.dims, type: info.type, offset: info.offset)
        }
        while out.count % 32 != 0 { out.append(0) }
        return out + [UInt8](repeating: 0, count: 64)
    }

    @Test func tensorDataMustBeAlignedInsideTheFileAndNotOverlap() throws {
        #expect(try Self.open(Self.withTensors([("a", [16], 0, 0)])).tensors.count == 1)
        let pastEnd = Self.withTensors([("a", [16], 0, 64)])
        guard case .tensorDataPastEnd = Self.problem(pastEnd) else {
            Issue.record("offset past EOF opened")
            return
        }
        guard case .tensorDataPastEnd = Self.problem(Self.withTensors([("a", [1 << 20], 0, 0)])) else {
            Issue.record("a tensor larger than the file opened")
            return
        }
        guard case .tensorDataPastEnd = Self.problem(Self.withTensors([("a", [4], 0, 1 << 40)])) else {
            Issue.record("offset 2^40 opened")
            return
        }
        #expect(Self.problem(Self.withTensors([("a", [4], 0, 4)])) == .misalignedTensor(offset: 4, alignment: 32))
        #expect(Self.problem(Self.withTensors([("a", [16], 0, 0), ("b", [4], 0, 32)])) == .overlapping(other: "a"))
        #expect(
            Self.problem(Self.withTensors([("a", [4], 0, 0), ("a", [4], 0, 32)]))
                == .badTensorInfo(reason: "the name appears twice"))
        #expect(Self.problem(Self.withTensors([("a", [4, 1, 1, 1, 1], 0, 0)])) == .badTensorInfo(reason: "rank 5 > 4"))
        #expect(
            Self.problem(Self.withTensors([("a", [1 << 40], 0, 0)]))
                == .badTensorInfo(reason: "dimension 1099511627776 is out of range"))
        #expect(
            Self.problem(Self.withTensors([("a", [16], 8, 0)])) == .rowNotBlockAligned(rowLength: 16, blockSize: 32))
    }

    @Test func anUnsupportedTensorTypeIsNamedWhenRead() throws {
        // Q4_K (12): the file opens (its infos are well formed) but the tensor cannot be dequantized.
        let file = try Self.open(Self.withTensors([("blk.0.attn_q.weight", [256], 12, 0)]))
        let error = #expect(throws: GGUFError.self) { try file.floats("blk.0.attn_q.weight") }
        #expect(error?.problem == .unsupportedTensorType(id: 12, name: "Q4_K"))
        #expect(error?.subject == "blk.0.attn_q.weight")
        #expect(error?.description.contains("Q4_K") == true)
        let unknown = try Self.open(Self.withTensors([("x", [4], 200, 0)]))
        #expect(
            throws: GGUFError(
                file: "bad.gguf", subject: "x", problem: .unsupportedTensorType(id: 200, name: "unknown type 200"))
        ) {
            try unknown.floats("x")
        }
    }

    @Test func aDestinationOfTheWrongSizeIsAnError() throws {
        let file = try Self.open(GGUFBytes.small())
        var buffer = [Float](repeating: 0, count: 3)
        let error = #expect(throws: GGUFError.self) {
            try buffer.withUnsafeMutableBufferPointer { try file.copyFloats("t", into: $0) }
        }
        #expect(error?.problem == .destinationSize(expected: 4, actual: 3))
    }
}
