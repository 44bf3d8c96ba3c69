import Foundation

/// One `.safetensors` file, memory-mapped and validated when opened (see ``SafeTensorsError`` for what is checked).
///
/// Tensors are converted on demand, so opening a multi-hundred-MB file costs only the header parse.
/// Immutable and `Sendable`: several threads may read tensors concurrently.
public final class SafeTensorsFile: TensorStore {
    public let url: URL
    /// The optional `__metadata__` string map (HF writes `{"format": "pt"}`).
    public let metadata: [String: String]
    public let tensorNames: [String]
    private let tensors: [String: SafeTensorInfo]
    private let file: MappedFile
    private let dataStart: Int

    public convenience init(contentsOf url: URL) throws {
        try self.init(url: url, file: try MappedFile(url: url))
    }

    /// A safetensors file held in memory (e.g. a policy blob); `name` identifies it in errors.
    public convenience init(bytes: [UInt8], name: String) throws {
        try self.init(url: URL(fileURLWithPath: name), file: MappedFile(copying: bytes, name: name))
    }

    private init(url: URL, file: MappedFile) throws {
        self.url = url
        self.file = file
        let header = try SafeTensorsHeader.parse(file.bytes, file: file.path)
        tensors = header.tensors
        metadata = header.metadata
        dataStart = header.dataStart
        tensorNames = header.tensors.keys.sorted()
    }

    public func info(_ name: String) throws -> SafeTensorInfo {
        guard let info = tensors[name] else { throw error(name, .tensorNotFound) }
        return info
    }

    public func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let info = try info(name)
        guard info.dtype.isFloatingPoint else { throw error(name, .wrongDType(info.dtype, wanted: "float")) }
        guard destination.count == info.elementCount else {
            throw error(name, .destinationSize(expected: info.elementCount, actual: destination.count))
        }
        let source = bytes(of: info)
        let count = info.elementCount
        switch info.dtype {
        case .f32:
            if 1.littleEndian == 1, let base = destination.baseAddress, count > 0 {
                UnsafeMutableRawPointer(base).copyMemory(from: source.baseAddress!, byteCount: count * 4)
            } else {
                for i in 0..<count {
                    let bits = UInt32(littleEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
                    destination[i] = Float(bitPattern: bits)
                }
            }
        case .f16:
            for i in 0..<count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                destination[i] = HalfFloat.float(fromF16: bits)
            }
        case .bf16:
            for i in 0..<count {
                let bits = UInt16(littleEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                destination[i] = HalfFloat.float(fromBF16: bits)
            }
        case .f64:
            for i in 0..<count {
                let bits = UInt64(littleEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
                destination[i] = Float(Double(bitPattern: bits))
            }
        default:
            preconditionFailure("isFloatingPoint covers exactly F32, F16, BF16, F64")
        }
        // The copy is what the model keeps: drop the file's pages, so loading a checkpoint does not hold the file
        // and the weights resident at once (twice the model's size at the peak).
        file.evict(source)
    }

    public func ints(_ name: String) throws -> [Int] {
        let info = try info(name)
        guard info.dtype.isInteger else { throw error(name, .wrongDType(info.dtype, wanted: "integer")) }
        let source = bytes(of: info)
        func load<T: FixedWidthInteger>(_: T.Type) throws -> [Int] {
            try (0..<info.elementCount).map { i in
                let value = T(littleEndian: source.loadUnaligned(fromByteOffset: i * T.bitWidth / 8, as: T.self))
                guard let int = Int(exactly: value) else { throw error(name, .valueOutOfRange) }
                return int
            }
        }
        switch info.dtype {
        case .bool, .u8: return try load(UInt8.self)
        case .i8: return try load(Int8.self)
        case .u16: return try load(UInt16.self)
        case .i16: return try load(Int16.self)
        case .u32: return try load(UInt32.self)
        case .i32: return try load(Int32.self)
        case .u64: return try load(UInt64.self)
        case .i64: return try load(Int64.self)
        default: preconditionFailure("isInteger covers exactly the integer dtypes and BOOL")
        }
    }

    /// The raw little-endian bytes of a tensor, valid while `self` is alive.
    private func bytes(of info: SafeTensorInfo) -> UnsafeRawBufferPointer {
        let range = (dataStart + info.dataRange.lowerBound)..<(dataStart + info.dataRange.upperBound)
        return UnsafeRawBufferPointer(rebasing: file.bytes[range])
    }

    private func error(_ tensor: String, _ problem: SafeTensorsError.Problem) -> SafeTensorsError {
        SafeTensorsError(file: url.path, tensor: tensor, problem: problem)
    }
}
