import Foundation

/// A GGUF file (format version 3, little-endian), memory-mapped and validated when opened.
///
/// Layout: `"GGUF"`, u32 version, u64 tensor count, u64 metadata count; the metadata (key string, u32 value type,
/// value); the tensor infos (name, u32 rank, u64 × rank dims fastest-first, u32 ggml type, u64 offset); padding to
/// `general.alignment` (default 32); the data section. Strings are a u64 byte length and UTF-8 bytes.
///
/// Every read is bounds-checked and every count is checked against the bytes left before anything is allocated;
/// tensor data must be aligned, inside the file and not overlap. Anything else is a ``GGUFError``. Tensors are
/// dequantized on demand, so opening a large file costs only the header parse. Immutable: threads may read
/// tensors concurrently.
public final class GGUFFile: Sendable {
    /// The bytes every GGUF file starts with.
    public static let magic: [UInt8] = Array("GGUF".utf8)
    /// The one format version read.
    public static let version: UInt32 = 3
    /// `general.alignment` when the file does not set it.
    public static let defaultAlignment = 32

    public let url: URL
    /// The file's path, or the name given for bytes in memory: what errors name.
    public var path: String { file.path }
    /// Metadata by key.
    public let metadata: [String: GGUFValue]
    /// Metadata keys in file order.
    public let metadataKeys: [String]
    /// Tensor infos in file order.
    public let tensors: [GGUFTensorInfo]
    /// `general.alignment`.
    public let alignment: Int
    /// Offset of the data section in the file.
    public let dataStart: Int
    private let byName: [String: Int]
    private let file: MappedFile

    public convenience init(contentsOf url: URL) throws(GGUFError) {
        let file: MappedFile
        do { file = try MappedFile(url: url) } catch {
            throw GGUFError(file: url.path, problem: .unreadable(reason: Self.reason(error)))
        }
        try self.init(url: url, file: file)
    }

    /// A GGUF file held in memory; `name` identifies it in errors.
    public convenience init(bytes: [UInt8], name: String) throws(GGUFError) {
        try self.init(url: URL(fileURLWithPath: name), file: MappedFile(copying: bytes, name: name))
    }

    /// Whether the file at `url` starts with the GGUF magic (false if it cannot be read).
    public static func hasMagic(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)).map { Array($0) == magic } ?? false
    }

    private init(url: URL, file: MappedFile) throws(GGUFError) {
        self.url = url
        self.file = file
        var cursor = GGUFCursor(file.bytes, file: file.path)
        let head = Array(file.bytes.prefix(4))
        guard head == Self.magic else { throw cursor.fail(.badMagic(found: head)) }
        _ = try cursor.read(UInt32.self)
        let version = try cursor.read(UInt32.self)
        guard version == Self.version else { throw cursor.fail(.unsupportedVersion(found: version)) }
        // A tensor info takes ≥ 8 + 4 + 4 + 8 bytes, a metadata entry ≥ 8 + 4 + 1.
        let tensorCount = try cursor.read(UInt64.self)
        let keyCount = try cursor.count("metadata count", minimumSize: 13)
        guard tensorCount <= UInt64(cursor.remaining / 24) else {
            throw cursor.fail(.absurdCount(what: "tensor count", count: tensorCount))
        }

        var metadata: [String: GGUFValue] = [:]
        var keys: [String] = []
        for _ in 0..<keyCount {
            let key = try cursor.string("metadata key length")
            let value = try cursor.value(try cursor.valueType(key: key), key: key)
            guard metadata.updateValue(value, forKey: key) == nil else { throw cursor.fail(.duplicateKey(key)) }
            keys.append(key)
        }
        self.metadata = metadata
        metadataKeys = keys
        alignment = try Self.alignment(metadata, cursor)

        var tensors: [GGUFTensorInfo] = []
        var byName: [String: Int] = [:]
        for _ in 0..<Int(tensorCount) {
            let info = try Self.tensorInfo(&cursor)
            guard byName.updateValue(tensors.count, forKey: info.name) == nil else {
                throw cursor.fail(.badTensorInfo(reason: "the name appears twice"), info.name)
            }
            tensors.append(info)
        }
        let (start, overflow) = cursor.offset.addingReportingOverflow(alignment - 1)
        guard !overflow else { throw cursor.fail(.absurdCount(what: "data start", count: UInt64(cursor.offset))) }
        dataStart = start / alignment * alignment
        try Self.checkLayout(tensors, dataStart: dataStart, alignment: alignment, cursor)
        self.tensors = tensors
        self.byName = byName
    }

    /// The info of tensor `name` (GGUF's own name, e.g. `blk.0.attn_q.weight`).
    public func tensor(_ name: String) throws(GGUFError) -> GGUFTensorInfo {
        guard let index = byName[name] else { throw error(name, .tensorNotFound) }
        return tensors[index]
    }

    /// Whether a tensor of that name exists.
    public func contains(_ name: String) -> Bool { byName[name] != nil }

    /// Dequantizes tensor `name` into `destination`.
    /// - destination: (elementCount,) in row-major ``GGUFTensorInfo/shape`` order.
    public func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws(GGUFError) {
        let info = try tensor(name)
        let type = try supportedType(info)
        guard destination.count == info.elementCount else {
            throw error(name, .destinationSize(expected: info.elementCount, actual: destination.count))
        }
        guard let byteCount = info.byteCount else {
            throw error(name, .rowNotBlockAligned(rowLength: info.dimensions.first ?? 1, blockSize: type.blockSize))
        }
        let begin = dataStart + info.offset
        GGUFDequantize.floats(
            destination, UnsafeRawBufferPointer(rebasing: file.bytes[begin..<(begin + byteCount)]), type: type)
    }

    /// Tensor `name` dequantized, row-major: (elementCount,).
    public func floats(_ name: String) throws(GGUFError) -> [Float] {
        let count = try tensor(name).elementCount
        var values = [Float](repeating: 0, count: count)
        try values.withUnsafeMutableBufferPointer { (buffer) throws(GGUFError) in try copyFloats(name, into: buffer) }
        return values
    }

    /// The tensor's type, or ``GGUFError/Problem/unsupportedTensorType(id:name:)`` naming it.
    public func supportedType(_ info: GGUFTensorInfo) throws(GGUFError) -> GGUFTensorType {
        guard let type = info.type else {
            throw error(info.name, .unsupportedTensorType(id: info.typeID, name: GGUFTensorType.ggmlName(info.typeID)))
        }
        return type
    }

    func error(_ subject: String?, _ problem: GGUFError.Problem) -> GGUFError {
        GGUFError(file: path, subject: subject, problem: problem)
    }

    private static func reason(_ error: any Error) -> String {
        if let error = error as? SafeTensorsError, case .unreadable(let reason) = error.problem { return reason }
        return "\(error)"
    }

    private static func alignment(_ metadata: [String: GGUFValue], _ cursor: GGUFCursor) throws(GGUFError) -> Int {
        guard let value = metadata["general.alignment"] else { return defaultAlignment }
        guard let alignment = value.int, alignment > 0, alignment <= 1 << 20, alignment & (alignment - 1) == 0 else {
            throw cursor.fail(.badMetadata(key: "general.alignment", reason: "\(value) is not a power of two ≤ 2^20"))
        }
        return alignment
    }

    /// ggml's limit on a tensor's rank.
    private static let maxRank = 4

    private static func tensorInfo(_ cursor: inout GGUFCursor) throws(GGUFError) -> GGUFTensorInfo {
        let name = try cursor.string("tensor name length")
        let rank = try cursor.read(UInt32.self)
        guard rank <= maxRank else { throw cursor.fail(.badTensorInfo(reason: "rank \(rank) > \(maxRank)"), name) }
        var dimensions: [Int] = []
        var elements = 1
        for _ in 0..<rank {
            let dim = try cursor.read(UInt64.self)
            guard dim <= UInt64(Int32.max),
                case (let product, false) = elements.multipliedReportingOverflow(by: Int(dim)),
                product <= Int(Int32.max) * 64
            else { throw cursor.fail(.badTensorInfo(reason: "dimension \(dim) is out of range"), name) }
            elements = product
            dimensions.append(Int(dim))
        }
        let typeID = try cursor.read(UInt32.self)
        let offset = try cursor.read(UInt64.self)
        guard offset <= UInt64(cursor.bytes.count) else {
            throw cursor.fail(.tensorDataPastEnd(end: offset, fileSize: cursor.bytes.count), name)
        }
        return GGUFTensorInfo(name: name, dimensions: dimensions, typeID: typeID, offset: Int(offset))
    }

    /// Offsets aligned, data inside the file, no two tensors overlapping (types this reader does not know are
    /// checked for alignment and start only: their size is unknown).
    private static func checkLayout(
        _ tensors: [GGUFTensorInfo], dataStart: Int, alignment: Int, _ cursor: GGUFCursor
    ) throws(GGUFError) {
        let size = cursor.bytes.count
        for info in tensors {
            guard info.offset % alignment == 0 else {
                throw cursor.fail(.misalignedTensor(offset: UInt64(info.offset), alignment: alignment), info.name)
            }
            if let type = info.type, (info.dimensions.first ?? 1) % type.blockSize != 0 {
                throw cursor.fail(
                    .rowNotBlockAligned(rowLength: info.dimensions.first ?? 1, blockSize: type.blockSize), info.name)
            }
            let end = dataStart + info.offset + (info.byteCount ?? 0)
            guard end <= size else {
                throw cursor.fail(.tensorDataPastEnd(end: UInt64(end), fileSize: size), info.name)
            }
        }
        let spans = tensors.compactMap { info in info.byteCount.map { (info.name, info.offset, info.offset + $0) } }
            .sorted { $0.1 < $1.1 }
        for (previous, next) in zip(spans, spans.dropFirst()) where previous.2 > next.1 {
            throw cursor.fail(.overlapping(other: previous.0), next.0)
        }
    }
}
