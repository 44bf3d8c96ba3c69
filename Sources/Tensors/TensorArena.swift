/// One allocation of `Float`s holding every tensor of an ``ArenaLayout``, zero-initialised.
///
/// The arena owns its memory and frees it when the last reference goes; pointers obtained from it are valid only
/// while the arena is alive (keep a reference next to them, as the Llama model does).
///
/// It is deliberately not `Sendable`: it is mutable shared memory. Keep an arena inside one isolation domain (an actor
/// or a single task) and copy values out (`Array(arena.buffer)`) to hand them elsewhere.
public final class TensorArena {
    public let layout: ArenaLayout
    /// The first element. The arena holds `layout.count` elements from here.
    public let base: UnsafeMutablePointer<Float>

    /// Allocates `layout.count` floats, 64-byte aligned, all zero.
    public init(layout: ArenaLayout) {
        self.layout = layout
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(layout.count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        base = raw.bindMemory(to: Float.self, capacity: max(layout.count, 1))
        base.initialize(repeating: 0, count: max(layout.count, 1))
    }

    deinit {
        base.deinitialize(count: max(layout.count, 1))
        base.deallocate()
    }

    /// Total number of elements.
    public var count: Int { layout.count }

    /// The whole arena as one buffer, for single-loop operations.
    public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: base, count: layout.count)
    }

    /// The first element of `view`.
    public subscript(view: TensorView) -> UnsafeMutablePointer<Float> {
        precondition(view.offset + view.count <= layout.count, "\(view) lies outside this arena")
        return base + view.offset
    }

    /// The first element of the tensor named `name`; traps if there is none (a programming error).
    public subscript(name: String) -> UnsafeMutablePointer<Float> {
        guard let view = layout[name] else { preconditionFailure("No tensor named \(name) in this arena") }
        return self[view]
    }

    /// The elements of `view` as a buffer.
    public func buffer(_ view: TensorView) -> UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: self[view], count: view.count)
    }

    /// Sets every element to zero.
    public func zero() {
        base.update(repeating: 0, count: layout.count)
    }

    /// Copies every element of `other`, which must have the same layout.
    public func copy(from other: TensorArena) {
        precondition(other.layout == layout, "Cannot copy between arenas with different layouts")
        base.update(from: other.base, count: layout.count)
    }

    /// Σ x² over the whole arena, accumulated in Double (the squared global norm of a gradient).
    public func sumOfSquares() -> Double {
        var sum = 0.0
        for i in 0..<layout.count { sum += Double(base[i]) * Double(base[i]) }
        return sum
    }

    /// Σ x over one tensor, in Double: a cheap checksum for comparing runs.
    public func sum(_ view: TensorView) -> Double {
        var sum = 0.0
        let p = self[view]
        for i in 0..<view.count { sum += Double(p[i]) }
        return sum
    }

    /// A 64-bit fingerprint of every element's exact bits, in order: equal arenas give equal checksums, and any
    /// changed element almost surely changes it. Use it to check that weights arrived whole (not for security).
    public func checksum() -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ UInt64(layout.count)
        for i in 0..<layout.count {
            hash = (hash ^ UInt64(base[i].bitPattern)) &* 0x0000_0100_0000_01B3
            hash ^= hash >> 29
        }
        return hash
    }
}
