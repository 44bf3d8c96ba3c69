/// The shape of a numeric buffer, written the way the engine's docs write it: `(B, T, C)`.
///
/// Buffers are row-major: the last dimension is contiguous. Shapes are documentation first; the engine passes raw
/// pointers to its layers (like llm.c), and the shape travels alongside in the arena's ``TensorView``s.
public struct Shape: Hashable, Sendable, CustomStringConvertible, ExpressibleByArrayLiteral {
    /// The extent of each dimension, outermost first.
    public var dimensions: [Int]

    public init(_ dimensions: [Int]) {
        precondition(dimensions.allSatisfy { $0 >= 0 }, "Shape \(dimensions) has a negative dimension")
        self.dimensions = dimensions
    }

    public init(arrayLiteral elements: Int...) { self.init(elements) }

    /// The number of elements: the product of the dimensions (1 for a scalar).
    public var count: Int { dimensions.reduce(1, *) }

    public var rank: Int { dimensions.count }

    /// `(2, 3, 4)`
    public var description: String { "(" + dimensions.map(String.init).joined(separator: ", ") + ")" }
}
