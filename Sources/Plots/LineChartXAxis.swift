import Foundation

/// The x axis of a ``LineChart``: where ticks go and how x values map onto it.
///
/// Linear: nice 1/2/5 ticks covering the data, the domain running from the first tick to the last.
/// Log2: positions are log2(x), so doublings are equally spaced; ticks at the data's own x values, with a
/// little padding so the outermost points are not on the plot's edge.
struct LineChartXAxis {
    let scale: AxisScale
    /// Tick positions in data units, and their labels.
    let ticks: [Double]
    let labels: [String]
    /// The domain in transformed units (log2 of x for a log2 axis).
    let domain: ClosedRange<Double>

    init(scale: AxisScale, xs: [Double], targetCount: Int) {
        self.scale = scale
        switch scale {
        case .linear:
            let nice = NiceTicks(covering: xs.min()!...xs.max()!, targetCount: targetCount)
            ticks = nice.values
            labels = nice.values.map { ValueFormat.plain.tick($0, step: nice.step) }
            domain = nice.domain
        case .log2:
            ticks = Array(Set(xs)).sorted()
            labels = ticks.map { ValueFormat.plain.label($0) }
            let lower = Foundation.log2(ticks.first!)
            let upper = Foundation.log2(ticks.last!)
            let pad = upper > lower ? (upper - lower) * 0.04 : 0.5
            domain = (lower - pad)...(upper + pad)
        }
    }

    /// log2(x) on a log2 axis, x itself on a linear one.
    func transform(_ x: Double) -> Double {
        scale == .log2 ? Foundation.log2(x) : x
    }

    func pixelAxis(from left: Double, to right: Double) -> ValueAxis {
        ValueAxis(domain: domain, start: left, end: right)
    }

    /// Tick marks and labels below the plot; a label that would overlap the previous one is left out.
    func drawTicks(into svg: inout SVGWriter, axis: ValueAxis, bottom: Double) {
        var previousRight = -Double.infinity
        for (tick, label) in zip(ticks, labels) {
            let x = axis.position(transform(tick))
            svg.element("line", [
                ("x1", SVGWriter.number(x)), ("x2", SVGWriter.number(x)), ("y1", SVGWriter.number(bottom)),
                ("y2", SVGWriter.number(bottom + 5)), ("stroke", Palette.axis), ("stroke-width", "1"),
            ])
            let halfWidth = TextMetrics.width(label, fontSize: ChartFrame.tickFontSize) / 2
            guard x - halfWidth > previousRight + 4 else { continue }
            previousRight = x + halfWidth
            svg.text(
                label, x: x, y: bottom + 18,
                [("font-size", "11"), ("text-anchor", "middle"), ("fill", Palette.text)])
        }
    }
}
