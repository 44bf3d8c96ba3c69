/// The packing of named tensors into one contiguous block of `Float`s, in the order they were added.
///
/// Build it once, then allocate as many ``TensorArena``s with it as needed (parameters, gradients, AdamW moments):
/// they line up element for element, so zeroing, optimiser steps, checksums and saving are each a single loop.
public struct ArenaLayout: Sendable, Equatable {
    /// Every tensor, in packing order. Views are contiguous and do not overlap.
    public private(set) var views: [TensorView] = []
    /// Total number of elements.
    public private(set) var count: Int = 0
    private var indexByName: [String: Int] = [:]

    public init() {}

    /// Appends a tensor named `name` with `shape` and returns its view.
    ///
    /// Names must be unique within a layout; a duplicate is a programming error.
    @discardableResult
    public mutating func add(_ name: String, _ shape: Shape) -> TensorView {
        precondition(indexByName[name] == nil, "ArenaLayout already has a tensor named \(name)")
        let view = TensorView(name: name, shape: shape, offset: count)
        indexByName[name] = views.count
        views.append(view)
        count += view.count
        return view
    }

    /// The view named `name`, or `nil`.
    public subscript(name: String) -> TensorView? {
        indexByName[name].map { views[$0] }
    }

    public static func == (lhs: ArenaLayout, rhs: ArenaLayout) -> Bool {
        lhs.views == rhs.views
    }
}
