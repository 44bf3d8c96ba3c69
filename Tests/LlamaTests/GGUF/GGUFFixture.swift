import Foundation
import Llama
import Testing

/// The fixture of scripts/fixtures/make_gguf_fixture.py and a small GGUF writer for hand-made (and corrupt) files.
enum GGUFFixture {
    static var directory: URL { Bundle.module.resourceURL!.appendingPathComponent("Fixtures/gguf") }
    static var url: URL { directory.appendingPathComponent("tiny-llama.gguf") }

    static func bytes() throws -> [UInt8] { [UInt8](try Data(contentsOf: url)) }

    /// expected.json as a JSON object.
    static func expected() throws -> [String: Any] {
        let data = try Data(contentsOf: directory.appendingPathComponent("expected.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// expected.safetensors: gguf/<name>, hf/<name>, logits.
    static func expectedTensors() throws -> SafeTensorsFile {
        try SafeTensorsFile(contentsOf: directory.appendingPathComponent("expected.safetensors"))
    }

    /// The fixture's metadata with `edit` applied (nil removes a key), re-serialized with the same tensors.
    static func edited(_ edit: [String: GGUFValue?]) throws -> [UInt8] {
        let file = try GGUFFile(contentsOf: url)
        let raw = try bytes()
        var metadata: [(String, GGUFValue)] = []
        for key in file.metadataKeys where edit[key] == nil { metadata.append((key, file.metadata[key]!)) }
        for (key, value) in edit.sorted(by: { $0.key < $1.key }) { if let value { metadata.append((key, value)) } }
        let tensors = file.tensors.map { info in
            let begin = file.dataStart + info.offset
            return (info, Array(raw[begin..<(begin + info.byteCount!)]))
        }
        return GGUFBytes.file(metadata: metadata, tensors: tensors, alignment: file.alignment)
    }
}

/// Writes GGUF v3 bytes (little-endian), for tests: the layout ``GGUFFile`` documents.
enum GGUFBytes {
    static func u32(_ v: UInt32) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func u64(_ v: UInt64) -> [UInt8] { withUnsafeBytes(of: v.littleEndian) { Array($0) } }
    static func string(_ s: String) -> [UInt8] { u64(UInt64(s.utf8.count)) + Array(s.utf8) }

    /// A value without its type id.
    static func value(_ value: GGUFValue) -> [UInt8] {
        switch value {
        case .uint8(let v): [v]
        case .int8(let v): [UInt8(bitPattern: v)]
        case .uint16(let v): withUnsafeBytes(of: v.littleEndian) { Array($0) }
        case .int16(let v): withUnsafeBytes(of: v.littleEndian) { Array($0) }
        case .uint32(let v): u32(v)
        case .int32(let v): u32(UInt32(bitPattern: v))
        case .float32(let v): u32(v.bitPattern)
        case .bool(let v): [v ? 1 : 0]
        case .string(let v): string(v)
        case .array(let elements, let type):
            u32(type.rawValue) + u64(UInt64(elements.count)) + elements.flatMap(Self.value)
        case .uint64(let v): u64(v)
        case .int64(let v): u64(UInt64(bitPattern: v))
        case .float64(let v): u64(v.bitPattern)
        }
    }

    static func keyValue(_ key: String, _ v: GGUFValue) -> [UInt8] { string(key) + u32(v.type.rawValue) + value(v) }

    static func tensorInfo(name: String, dims: [Int], type: UInt32, offset: UInt64) -> [UInt8] {
        string(name) + u32(UInt32(dims.count)) + dims.flatMap { u64(UInt64($0)) } + u32(type) + u64(offset)
    }

    /// A whole file; tensor data placed in order, each at the next multiple of `alignment`.
    static func file(
        metadata: [(String, GGUFValue)], tensors: [(info: GGUFTensorInfo, data: [UInt8])], alignment: Int = 32,
        version: UInt32 = 3
    ) -> [UInt8] {
        var offsets: [Int] = []
        var data: [UInt8] = []
        for (_, bytes) in tensors {
            while data.count % alignment != 0 { data.append(0) }
            offsets.append(data.count)
            data += bytes
        }
        var out = Array("GGUF".utf8) + u32(version) + u64(UInt64(tensors.count)) + u64(UInt64(metadata.count))
        for (key, value) in metadata { out += keyValue(key, value) }
        for ((info, _), offset) in zip(tensors, offsets) {
            out += tensorInfo(name: info.name, dims: info.dimensions, type: info.typeID, offset: UInt64(offset))
        }
        while out.count % alignment != 0 { out.append(0) }
        return out + data
    }

    /// One F32 tensor `t` of dims [4] = 1, 2, 3, 4, and one metadata string: the smallest valid file.
    static func small(metadata: [(String, GGUFValue)] = [("general.name", .string("small"))]) -> [UInt8] {
        let values: [Float] = [1, 2, 3, 4]
        let info = GGUFTensorInfo(name: "t", dimensions: [4], typeID: 0, offset: 0)
        return file(metadata: metadata, tensors: [(info, values.flatMap { u32($0.bitPattern) })])
    }
}
