import Tensors

extension SeededGenerator {
    /// A uniform Float in [0, 1) with 24 random bits: the draw behind each sampled token.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * (1.0 / Float(1 << 24))
    }
}
