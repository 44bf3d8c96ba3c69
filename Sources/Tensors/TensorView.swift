/// A named window into a ``TensorArena``: where one tensor lives and what shape it has.
///
/// A view carries no memory; the same view addresses the parameter, its gradient and its AdamW moments because those
/// arenas share one ``ArenaLayout``.
public struct TensorView: Hashable, Sendable, CustomStringConvertible {
    /// The tensor's name; for model parameters, its Hugging Face name (`model.layers.0.mlp.up_proj.weight`).
    public let name: String
    public let shape: Shape
    /// Offset of the first element from the arena's base, in elements (not bytes).
    public let offset: Int

    /// Number of elements.
    public var count: Int { shape.count }

    public init(name: String, shape: Shape, offset: Int) {
        self.name = name
        self.shape = shape
        self.offset = offset
    }

    public var description: String { "\(name) \(shape) @\(offset)" }
}
