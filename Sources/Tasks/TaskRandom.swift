import Deterministic

/// The random source of all task generators: ``SplitMix64``, with its own integer and shuffle helpers so
/// generated items never depend on the standard library's `random(in:)` algorithms, which may change
/// between toolchains. Same seed, same stream, on every platform and Swift version.
public struct TaskRandom: Sendable {
    private var generator: SplitMix64

    public init(seed: UInt64) {
        generator = SplitMix64(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    public mutating func next() -> UInt64 {
        generator.next()
    }

    /// A uniform integer in `range` (modulo bias is below 2^-40 for the small ranges used here).
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// A uniformly chosen element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(_ elements: C) -> C.Element where C.Index == Int {
        elements[elements.startIndex + int(in: 0...(elements.count - 1))]
    }

    /// Fisher–Yates shuffle.
    public mutating func shuffle<T>(_ elements: inout [T]) {
        guard elements.count > 1 else { return }
        for i in stride(from: elements.count - 1, to: 0, by: -1) {
            elements.swapAt(i, int(in: 0...i))
        }
    }
}
