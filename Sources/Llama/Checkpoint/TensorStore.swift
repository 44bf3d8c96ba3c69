/// Read access to named tensors, whatever holds them: one `.safetensors` file (``SafeTensorsFile``), a sharded
/// checkpoint (``SafeTensorsCheckpoint``) or memory (``InMemoryTensorStore``, for tests).
public protocol TensorStore: Sendable {
    /// All tensor names, sorted.
    var tensorNames: [String] { get }
    /// Dtype and shape of tensor `name`; throws ``SafeTensorsError/Problem/tensorNotFound`` if absent.
    func info(_ name: String) throws -> SafeTensorInfo
    /// Converts tensor `name` (F32, F16, BF16 or F64) to `Float` into `destination`.
    /// - destination: (elementCount,) row-major; its count must equal the tensor's element count.
    func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws
    /// Tensor `name` (any integer dtype or BOOL) as `Int`s, row-major.
    func ints(_ name: String) throws -> [Int]
}

extension TensorStore {
    /// Tensor `name` converted to `Float`, row-major: (elementCount,).
    public func floats(_ name: String) throws -> [Float] {
        let count = try info(name).elementCount
        return try [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            try copyFloats(name, into: buffer)
            initialized = count
        }
    }

    /// Whether a tensor of that name exists.
    public func contains(_ name: String) -> Bool { (try? info(name)) != nil }
}
