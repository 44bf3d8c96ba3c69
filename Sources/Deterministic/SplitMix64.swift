/// SplitMix64 (Steele, Lea & Flood, 2014), exactly as in Vigna's `splitmix64.c`: a 64-bit state advanced by the
/// golden-ratio gamma, each output a mix of the new state. The only pseudo-random generator the project's
/// reproducible streams are made of (`TaskRandom`, `SeededGenerator`).
///
/// Only the raw 64-bit step lives here. Anything built on it (integers in a range, shuffles, floats) must be
/// derived from `next()` by the caller's own arithmetic: the standard library's `random(in:using:)` and
/// `next(upperBound:)` algorithms may change between toolchains, and a stream that goes through them is only as
/// stable as they are. That is also why this type does not conform to `RandomNumberGenerator`.
///
/// Same seed, same stream, on every platform and Swift version; not for cryptography.
public struct SplitMix64: Sendable, Hashable {
    /// The state after the last step; `next()` adds the gamma to it, then mixes. Internal, but visible to
    /// `@inlinable` code so callers' optimised loops inline the step.
    @usableFromInline var state: UInt64

    /// A stream whose first output is the mix of `seed` + gamma (Vigna's `x = seed`).
    public init(seed: UInt64) {
        state = seed
    }

    /// The next 64 bits: `state += 0x9E3779B97F4A7C15`, then two xor-shift-multiplies and a final xor-shift.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
