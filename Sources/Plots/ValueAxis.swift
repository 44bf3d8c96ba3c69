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
    /// padded by 5%, optionally widened to include zero, kept within [0, 1] for percentages that lie there, and
    /// extended outwards to nice ticks. `headroom` (a fraction of the data's span) then reserves room beyond the
    /// extreme values for labels above (or below) bars; the domain may run past the outer tick for it, so a
    /// bar at 100% gets an axis to 100% with room on top, not one to 150%.
    static func yTicks(
        values: [Double], fixed: ClosedRange<Double>?, format: ValueFormat,
        includeZero: Bool, headroom: Double, targetCount: Int
    ) -> (ticks: NiceTicks, domain: ClosedRange<Double>) {
        if let fixed {
            return (NiceTicks(inside: fixed, targetCount: targetCount), fixed)
        }
        let dataLower = values.min() ?? 0
        let dataUpper = values.max() ?? 1
        var lower = includeZero ? min(dataLower, 0) : dataLower
        var upper = includeZero ? max(dataUpper, 0) : dataUpper
        let span = upper - lower
        if !(includeZero && lower == 0) { lower -= span * 0.05 }
        if !(includeZero && upper == 0) { upper += span * 0.05 }
        if format == .percent && dataLower >= 0 && dataUpper <= 1 {
            lower = max(lower, 0)
            upper = min(upper, 1)
        }
        let ticks = NiceTicks(covering: lower...upper, targetCount: targetCount)
        var domain = ticks.domain
        if dataLower < 0 { domain = min(domain.lowerBound, dataLower - span * headroom)...domain.upperBound }
        if dataUpper > 0 { domain = domain.lowerBound...max(domain.upperBound, dataUpper + span * headroom) }
        return (ticks, domain)
    }
}
