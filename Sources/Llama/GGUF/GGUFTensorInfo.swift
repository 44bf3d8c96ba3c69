/// Where one tensor lives in a GGUF file and what it holds.
///
/// GGUF lists dimensions fastest-first (`ne0` is the row length), the reverse of a row-major shape: dimensions
/// [576, 49152] are a (49152, 576) row-major matrix, which ``shape`` gives.
public struct GGUFTensorInfo: Equatable, Sendable {
    public var name: String
    /// ggml's `ne`, fastest-varying first.
    public var dimensions: [Int]
    /// ggml's type id (`ggml_type`).
    public var typeID: UInt32
    /// Byte offset of the data, relative to ``GGUFFile/dataStart``.
    public var offset: Int

    public init(name: String, dimensions: [Int], typeID: UInt32, offset: Int) {
        self.name = name
        self.dimensions = dimensions
        self.typeID = typeID
        self.offset = offset
    }

    /// The type, if it is one this reader dequantizes.
    public var type: GGUFTensorType? { GGUFTensorType(rawValue: typeID) }

    /// Row-major shape: ``dimensions`` reversed.
    public var shape: [Int] { dimensions.reversed() }

    /// Product of the dimensions.
    public var elementCount: Int { dimensions.reduce(1, *) }

    /// Bytes of data, for a supported type whose row length is a whole number of blocks; `nil` otherwise.
    public var byteCount: Int? {
        guard let type, (dimensions.first ?? 1) % type.blockSize == 0 else { return nil }
        return elementCount / type.blockSize * type.blockBytes
    }
}
