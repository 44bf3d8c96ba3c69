import Deterministic
import Foundation

/// A small deterministic random generator (``SplitMix64``) so initialisation and tests are reproducible from a seed
/// on every platform, independent of the system generator.
///
/// `next()` is SplitMix64's raw step and never changes. `normal` goes through the standard library's
/// `Double.random(in:using:)`, kept so that existing weights stay bit-for-bit what they were: its samples are only as
/// stable as that algorithm (pinned in TensorsTests).
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 {
        generator.next()
    }

    /// A sample of N(mean, std²) by the Box–Muller transform.
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        let z = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        return mean + std * Float(z)
    }

    /// Fills `buffer` with N(mean, std²) samples.
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, std: Float = 1) {
        for i in buffer.indices { buffer[i] = normal(mean: mean, std: std) }
    }
}
