import Foundation

/// Evenly spaced axis ticks at "nice" steps, 1, 2 or 5 × 10^k, that cover a range.
public struct NiceTicks: Sendable, Equatable {
    /// Distance between neighbouring ticks: 1, 2 or 5 × 10^k.
    public var step: Double
    /// Tick values from the first tick ≤ the range's lower bound to the first tick ≥ its upper bound.
    public var values: [Double]

    /// The first and last tick: the axis domain that the ticks cover.
    public var domain: ClosedRange<Double> { values[0]...values[values.count - 1] }

    /// Ticks covering `range` with about `targetCount` intervals (never fewer than one).
    /// A range of zero width is widened around its value so there is still something to label.
    public init(covering range: ClosedRange<Double>, targetCount: Int = 5) {
        var lower = range.lowerBound
        var upper = range.upperBound
        if upper - lower <= 0 {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            lower -= pad
            upper += pad
        }
        let step = Self.niceStep(for: (upper - lower) / Double(max(1, targetCount)))
        // Integer multiples of the step, so values carry no accumulated float drift; the small slack keeps a
        // bound that already sits on a tick (0.3 / 0.1 = 2.9999…) from adding an extra empty interval.
        let firstIndex = Int((lower / step + 1e-9).rounded(.down))
        let lastIndex = max(firstIndex + 1, Int((upper / step - 1e-9).rounded(.up)))
        self.step = step
        self.values = (firstIndex...lastIndex).map { Double($0) * step }
    }

    /// The ticks inside a fixed domain (for a caller-given y range), at the step `targetCount` suggests.
    public init(inside domain: ClosedRange<Double>, targetCount: Int = 5) {
        let covering = NiceTicks(covering: domain, targetCount: targetCount)
        let tolerance = covering.step * 1e-9
        self.step = covering.step
        self.values = covering.values.filter {
            $0 >= domain.lowerBound - tolerance && $0 <= domain.upperBound + tolerance
        }
    }

    /// The smallest of 1, 2, 5, 10 × 10^k that is at least `rough`.
    static func niceStep(for rough: Double) -> Double {
        let magnitude = pow(10, log10(rough).rounded(.down))
        let residual = rough / magnitude
        let mantissa: Double = residual <= 1 + 1e-9 ? 1 : residual <= 2 + 1e-9 ? 2 : residual <= 5 + 1e-9 ? 5 : 10
        return mantissa * magnitude
    }
}
