/// A linear map from an axis domain (data units, or log2 of them) to a pixel range.
/// For a y axis `pixels` runs from the bottom of the plot to its top, so higher values get smaller SVG y.
struct ValueAxis {
    var domain: ClosedRange<Double>
    var start: Double
    var end: Double

    func position(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        let fraction = span == 0 ? 0.5 : (value - domain.lowerBound) / span
        return start + fraction * (end - start)
    }

    /// The y ticks and domain for the values a chart draws.
    ///
    /// With a fixed range the domain is that range and ticks fall inside it. Otherwise the values' range is
    /// padded by 5% (plus `headroom` of the span on top, for labels above bars), optionally widened to include
    /// zero, kept within [0, 1] for percentages that lie there, and extended outwards to nice ticks.
    static func yTicks(
        values: [Double], fixed: ClosedRange<Double>?, format: ValueFormat,
        includeZero: Bool, headroom: Double, targetCount: Int
    ) -> (ticks: NiceTicks, domain: ClosedRange<Double>) {
        if let fixed {
            return (NiceTicks(inside: fixed, targetCount: targetCount), fixed)
        }
        var lower = values.min() ?? 0
        var upper = values.max() ?? 1
        let withinUnit = lower >= 0 && upper <= 1
        if includeZero {
            lower = min(lower, 0)
            upper = max(upper, 0)
        }
        let span = upper - lower
        if !(includeZero && lower == 0) { lower -= span * 0.05 }
        upper += span * (0.05 + headroom)
        if format == .percent && withinUnit && headroom == 0 {
            lower = max(lower, 0)
            upper = min(upper, 1)
        }
        let ticks = NiceTicks(covering: lower...upper, targetCount: targetCount)
        return (ticks, ticks.domain)
    }
}
