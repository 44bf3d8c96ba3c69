import Foundation

#if _endian(big)
    #error("SafeTensorsWriter writes host-order bytes; the safetensors format is little-endian")
#endif

/// Builds a `.safetensors` file from named F32 (weights) and I64 (token ids) tensors.
///
/// The output is deterministic: tensors ordered by dtype alignment (I64 first, then F32) and then by name, so
/// every tensor starts on its natural alignment; the JSON header has sorted keys and is padded with spaces so the
/// data section starts on an 8-byte boundary, as the format recommends. Files are written to a temporary name
/// and renamed into place, so a reader never sees a half-written file.
public struct SafeTensorsWriter: Sendable {
    enum Payload: Sendable {
        case float32([Float])
        case int64([Int64])
    }

    /// Written as `__metadata__`; Hugging Face loaders expect `{"format": "pt"}`.
    public var metadata: [String: String]
    var entries: [String: (shape: [Int], payload: Payload)] = [:]

    public init(metadata: [String: String] = ["format": "pt"]) {
        self.metadata = metadata
    }

    /// Adds an F32 tensor. - values: row-major, count == product of `shape`.
    public mutating func add(_ name: String, shape: [Int], floats values: UnsafeBufferPointer<Float>) throws {
        try check(name, shape: shape, count: values.count)
        entries[name] = (shape, .float32(Array(values)))
    }

    /// Adds an F32 tensor. - values: row-major, count == product of `shape`.
    public mutating func add(_ name: String, shape: [Int], floats values: [Float]) throws {
        try check(name, shape: shape, count: values.count)
        entries[name] = (shape, .float32(values))
    }

    /// Adds an I64 tensor (token ids, positions). - values: row-major, count == product of `shape`.
    public mutating func add(_ name: String, shape: [Int], int64s values: [Int64]) throws {
        try check(name, shape: shape, count: values.count)
        entries[name] = (shape, .int64(values))
    }

    /// Tensors in file order (int64 first, then floats, each by name) and the padded JSON header.
    private func layout() throws -> (ordered: [(key: String, value: (shape: [Int], payload: Payload))], header: Data) {
        let ordered = entries.sorted { left, right in
            let (l, r) = (Self.isInt64(left.value.payload), Self.isInt64(right.value.payload))
            return l != r ? l : left.key < right.key
        }
        var header: [String: Any] = metadata.isEmpty ? [:] : ["__metadata__": metadata]
        var offset = 0
        for (name, entry) in ordered {
            let (dtype, bytes) = Self.describe(entry.payload)
            header[name] = ["dtype": dtype, "shape": entry.shape, "data_offsets": [offset, offset + bytes]]
            offset += bytes
        }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        return (ordered, json)
    }

    /// The whole file's bytes, for blobs that never touch a disk of ours; the same bytes `write(to:)` writes.
    public func serialized() throws -> [UInt8] {
        let (ordered, json) = try layout()
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + json.count + dataByteCount)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes += $0 }
        bytes += json
        for (_, entry) in ordered {
            switch entry.payload {
            case .float32(let values): values.withUnsafeBytes { bytes += $0 }
            case .int64(let values): values.withUnsafeBytes { bytes += $0 }
            }
        }
        return bytes
    }

    /// Writes the file at `url`, replacing any existing one.
    public func write(to url: URL) throws {
        let (ordered, json) = try layout()

        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: temporary.path, contents: nil) else {
            throw SafeTensorsError(file: temporary.path, problem: .unreadable(reason: "cannot create file"))
        }
        do {
            let handle = try FileHandle(forWritingTo: temporary)
            defer { try? handle.close() }
            try handle.write(contentsOf: withUnsafeBytes(of: UInt64(json.count).littleEndian) { Data($0) })
            try handle.write(contentsOf: json)
            for (_, entry) in ordered {
                switch entry.payload {
                case .float32(let values): try values.withUnsafeBytes { try Self.write($0, to: handle) }
                case .int64(let values): try values.withUnsafeBytes { try Self.write($0, to: handle) }
                }
            }
            try handle.synchronize()
            if FileManager.default.fileExists(atPath: url.path) { try FileManager.default.removeItem(at: url) }
            try FileManager.default.moveItem(at: temporary, to: url)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }

    /// Writes in 8 MB chunks so no second full copy of a large tensor is made.
    private static func write(_ bytes: UnsafeRawBufferPointer, to handle: FileHandle) throws {
        let chunk = 8 << 20
        var start = 0
        while start < bytes.count {
            let end = min(start + chunk, bytes.count)
            try handle.write(contentsOf: Data(bytes: bytes.baseAddress! + start, count: end - start))
            start = end
        }
    }

    private static func isInt64(_ payload: Payload) -> Bool {
        if case .int64 = payload { return true }
        return false
    }

    private static func describe(_ payload: Payload) -> (dtype: String, bytes: Int) {
        switch payload {
        case .float32(let values): ("F32", values.count * 4)
        case .int64(let values): ("I64", values.count * 8)
        }
    }

    private func check(_ name: String, shape: [Int], count: Int) throws {
        func fail(_ reason: String) -> SafeTensorsError {
            SafeTensorsError(file: "(SafeTensorsWriter)", tensor: name, problem: .malformedEntry(reason: reason))
        }
        guard name != "__metadata__", !name.isEmpty else { throw fail("reserved or empty tensor name") }
        guard entries[name] == nil else { throw fail("added twice") }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == count else {
            throw fail("shape \(shape) does not hold \(count) values")
        }
    }
}
