import Foundation
import Llama
import Testing

/// GGUFFile on the fixture of scripts/fixtures/make_gguf_fixture.py: every metadata value, tensor info and
/// dequantized value as the gguf package wrote and dequantized them.
@Suite("GGUF file reader vs the gguf package")
struct GGUFFileTests {
    /// Whether `value` is what expected.json's `{"type", "value", "element_type"}` object describes.
    static func matches(_ value: GGUFValue, _ json: Any?) -> Bool {
        guard let json = json as? [String: Any], let type = json["type"] as? String, type == "\(value.type)" else {
            return false
        }
        let expected = json["value"]
        switch value {
        case .array(let elements, let elementType):
            guard let list = expected as? [Any], list.count == elements.count,
                json["element_type"] as? String == "\(elementType)"
            else { return false }
            return zip(elements, list).allSatisfy { matches($0, $1) }
        case .uint64(let v): return expected as? String == String(v)
        case .int64(let v): return expected as? String == String(v)
        case .float32(let v): return (expected as? NSNumber).map { Float($0.doubleValue) == v } ?? false
        case .float64(let v): return (expected as? NSNumber)?.doubleValue == v
        case .bool(let v): return (expected as? NSNumber)?.boolValue == v
        case .string(let v): return expected as? String == v
        default: return (expected as? NSNumber)?.intValue == value.int
        }
    }

    @Test func everyMetadataValueIsReadWithItsType() throws {
        let file = try GGUFFile(contentsOf: GGUFFixture.url)
        let expected = try GGUFFixture.expected()
        let keys = try #require(expected["metadata_keys"] as? [String])
        let metadata = try #require(expected["metadata"] as? [String: Any])
        #expect(file.metadataKeys == keys)
        for key in keys {
            let value = try #require(file.metadata[key], "missing \(key)")
            #expect(Self.matches(value, metadata[key]), "\(key): read \(value)")
        }
        // Spot checks that do not go through matches(): the types the fixture exists to cover.
        #expect(
            file.metadata["test.nested"]
                == .array([.array([.int32(1), .int32(2)], of: .int32), .array([.int32(3)], of: .int32)], of: .array))
        #expect(file.metadata["test.uint64"] == .uint64(9_223_372_036_854_775_813))
        #expect(file.metadata["test.int8"] == .int8(-100))
        #expect(file.metadata["test.string"] == .string("héllo ✓ 😀"))
        #expect(file.metadata["test.array_string"]?.array?.count == 3)
        #expect(file.metadata["tokenizer.ggml.tokens"]?.array?.count == 300)
    }

    @Test func tensorInfosAlignmentAndDataStart() throws {
        let file = try GGUFFile(contentsOf: GGUFFixture.url)
        let expected = try #require(try GGUFFixture.expected()["tensors"] as? [[String: Any]])
        #expect(file.alignment == 64)
        #expect(file.dataStart % 64 == 0)
        #expect(file.tensors.map(\.name) == expected.compactMap { $0["name"] as? String })
        for (info, json) in zip(file.tensors, expected) {
            #expect(info.dimensions == json["dimensions"] as? [Int], "\(info.name)")
            #expect(Int(info.typeID) == json["type_id"] as? Int, "\(info.name)")
            #expect(info.type?.name == json["type"] as? String, "\(info.name)")
            #expect(info.offset % 64 == 0)
        }
        let types = Set(file.tensors.compactMap(\.type))
        #expect(types == Set(GGUFTensorType.allCases), "the fixture holds every supported type")
    }

    @Test func everyTensorDequantizesExactlyAsGGUFQuantsDoes() throws {
        let file = try GGUFFile(contentsOf: GGUFFixture.url)
        let reference = try GGUFFixture.expectedTensors()
        for info in file.tensors {
            let expected = try reference.floats("gguf/" + info.name)
            #expect(try reference.info("gguf/" + info.name).shape == info.shape, "\(info.name): dims are fastest-first")
            let values = try file.floats(info.name)
            let mismatches = zip(values, expected).filter { $0 != $1 }.count
            #expect(
                values.count == expected.count && mismatches == 0,
                "\(info.name) (\(info.type!.name)): \(mismatches) values differ")
        }
    }

    @Test func aHandMadeFileWithDefaultAlignmentReads() throws {
        let file = try GGUFFile(bytes: GGUFBytes.small(), name: "small.gguf")
        #expect(file.alignment == GGUFFile.defaultAlignment)
        #expect(file.dataStart % 32 == 0)
        #expect(try file.floats("t") == [1, 2, 3, 4])
        let error = #expect(throws: GGUFError.self) { try file.floats("absent") }
        #expect(error?.problem == .tensorNotFound)
    }
}
