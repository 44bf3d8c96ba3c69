/// A bounds-checked little-endian reader over a GGUF file's bytes: every read checks it stays inside the file and
/// every count is checked against the bytes left before anything is allocated for it.
struct GGUFCursor {
    let bytes: UnsafeRawBufferPointer
    let file: String
    /// Offset of the next byte to read.
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, file: String) {
        self.bytes = bytes
        self.file = file
    }

    var remaining: Int { bytes.count - offset }

    func fail(_ problem: GGUFError.Problem, _ subject: String? = nil) -> GGUFError {
        GGUFError(file: file, subject: subject, problem: problem)
    }

    /// A fixed-width integer, little-endian.
    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(GGUFError) -> T {
        let size = MemoryLayout<T>.size
        guard size <= remaining else {
            throw fail(.truncated(offset: offset, wanted: size, fileSize: bytes.count))
        }
        let value = T(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
        offset += size
        return value
    }

    /// A count (u64) of items that each take at least `minimumSize` bytes of what follows; `what` names it in errors.
    mutating func count(_ what: String, minimumSize: Int) throws(GGUFError) -> Int {
        let count = try read(UInt64.self)
        guard count <= UInt64(remaining / max(minimumSize, 1)) else {
            throw fail(.absurdCount(what: what, count: count))
        }
        return Int(count)
    }

    /// A GGUF string: u64 byte length, then UTF-8 bytes (invalid sequences become U+FFFD, as llama.cpp never
    /// rejects them either).
    mutating func string(_ what: String = "string length") throws(GGUFError) -> String {
        let length = try count(what, minimumSize: 1)
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)]), as: UTF8.self)
        offset += length
        return text
    }

    /// A metadata value of type `type`; arrays may nest up to `depth` levels.
    mutating func value(_ type: GGUFValueType, key: String, depth: Int = 0) throws(GGUFError) -> GGUFValue {
        switch type {
        case .uint8: return .uint8(try read(UInt8.self))
        case .int8: return .int8(try read(Int8.self))
        case .uint16: return .uint16(try read(UInt16.self))
        case .int16: return .int16(try read(Int16.self))
        case .uint32: return .uint32(try read(UInt32.self))
        case .int32: return .int32(try read(Int32.self))
        case .uint64: return .uint64(try read(UInt64.self))
        case .int64: return .int64(try read(Int64.self))
        case .float32: return .float32(Float(bitPattern: try read(UInt32.self)))
        case .float64: return .float64(Double(bitPattern: try read(UInt64.self)))
        case .bool:
            let byte = try read(UInt8.self)
            guard byte <= 1 else { throw fail(.badMetadata(key: key, reason: "bool byte \(byte) is neither 0 nor 1")) }
            return .bool(byte == 1)
        case .string: return .string(try string())
        case .array:
            guard depth < 8 else { throw fail(.badMetadata(key: key, reason: "arrays nested more than 8 deep")) }
            let elementType = try valueType(key: key)
            let count = try count("array length of '\(key)'", minimumSize: elementType.minimumByteSize)
            var elements: [GGUFValue] = []
            elements.reserveCapacity(count)
            for _ in 0..<count { elements.append(try value(elementType, key: key, depth: depth + 1)) }
            return .array(elements, of: elementType)
        }
    }

    /// A u32 value type id.
    mutating func valueType(key: String) throws(GGUFError) -> GGUFValueType {
        let id = try read(UInt32.self)
        guard let type = GGUFValueType(rawValue: id) else { throw fail(.unknownValueType(id), key) }
        return type
    }
}
