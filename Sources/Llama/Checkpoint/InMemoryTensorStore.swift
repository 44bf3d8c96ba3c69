/// A ``TensorStore`` of F32 tensors held in memory: the test double for code that loads weights, and a way to
/// hand tensors built in code to anything that reads a checkpoint.
public struct InMemoryTensorStore: TensorStore {
    private var tensors: [String: (shape: [Int], values: [Float])] = [:]

    public init() {}

    /// Adds or replaces tensor `name`. - values: row-major, count == product of `shape`.
    public mutating func set(_ name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "shape \(shape) does not hold \(values.count) values")
        tensors[name] = (shape, values)
    }

    public var tensorNames: [String] { tensors.keys.sorted() }

    public func info(_ name: String) throws -> SafeTensorInfo {
        guard let tensor = tensors[name] else {
            throw SafeTensorsError(file: "(memory)", tensor: name, problem: .tensorNotFound)
        }
        return SafeTensorInfo(name: name, dtype: .f32, shape: tensor.shape, dataRange: 0..<(4 * tensor.values.count))
    }

    public func copyFloats(_ name: String, into destination: UnsafeMutableBufferPointer<Float>) throws {
        let count = try info(name).elementCount
        guard destination.count == count else {
            throw SafeTensorsError(
                file: "(memory)", tensor: name, problem: .destinationSize(expected: count, actual: destination.count))
        }
        _ = destination.initialize(from: tensors[name]!.values)
    }

    public func ints(_ name: String) throws -> [Int] {
        throw SafeTensorsError(
            file: "(memory)", tensor: name, problem: .wrongDType(try info(name).dtype, wanted: "integer"))
    }
}
