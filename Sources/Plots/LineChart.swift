import Foundation

/// Lines of (x, y) points with optional error bars, and horizontal reference lines, as a standalone SVG.
///
/// For pass@k curves: x = samples per prompt N with ``AxisScale/log2``, y = pass rate with
/// ``ValueFormat/percent``, one series per model, a ``ReferenceLine`` for the base model.
public struct LineChart: Sendable {
    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var series: [ChartSeries]
    public var references: [ReferenceLine]
    public var xScale: AxisScale
    /// The y axis range; nil: from the data, error bars and references, padded, out to nice ticks.
    public var yRange: ClosedRange<Double>?
    public var yFormat: ValueFormat
    /// Size of the whole image in pixels.
    public var width: Double
    public var height: Double

    static let dashPattern = "6 4"

    public init(
        title: String = "", xLabel: String = "", yLabel: String = "", series: [ChartSeries],
        references: [ReferenceLine] = [], xScale: AxisScale = .linear, yRange: ClosedRange<Double>? = nil,
        yFormat: ValueFormat = .plain, width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
        self.references = references
        self.xScale = xScale
        self.yRange = yRange
        self.yFormat = yFormat
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document. Throws ``ChartError`` for empty series, non-finite values, x ≤ 0 on a
    /// log2 axis, an empty y range, or a size too small for the labels.
    public func svg() throws(ChartError) -> String {
        try validate()
        let points = series.flatMap(\.points)
        let yValues = points.flatMap { [$0.y, $0.low, $0.high].compactMap { $0 } } + references.map(\.y)
        let (yTicks, yDomain) = ValueAxis.yTicks(
            values: yValues, fixed: yRange, format: yFormat, includeZero: false, headroom: 0,
            targetCount: ChartFrame.yTickTarget(height: height))
        let xAxis = LineChartXAxis(scale: xScale, xs: points.map(\.x), targetCount: max(2, Int(width / 90)))
        let referenceWidth = references.map { TextMetrics.width($0.label, fontSize: 11) }.max().map { $0 + 8 } ?? 0
        let legend = Legend(
            entries: series.enumerated().map { index, line in
                Legend.Entry(name: line.name, color: Palette.color(index), swatch: .line(dashed: line.dashed))
            },
            availableWidth: width - 2 * ChartFrame.margin)
        let frame = try ChartFrame(
            width: width, height: height, title: title, xLabel: xLabel, yLabel: yLabel, legend: legend,
            yTickLabels: yTicks.values.map { yFormat.tick($0, step: yTicks.step) },
            xTickLabelHeight: 16, rightExtra: referenceWidth)
        let yAxis = frame.yAxis(domain: yDomain)
        let x = xAxis.pixelAxis(from: frame.plot.x, to: frame.plot.maxX)

        var svg = SVGWriter(width: width, height: height)
        frame.drawBackground(into: &svg, yAxis: yAxis, yTicks: yTicks.values)
        xAxis.drawTicks(into: &svg, axis: x, bottom: frame.plot.maxY)
        drawReferences(into: &svg, yAxis: yAxis, plot: frame.plot)
        frame.drawAxisLines(into: &svg)
        // A fixed yRange may cut through the data: clip it to the plot (plus room for a marker) so nothing
        // spills over the title, ticks, or legend.
        let clip = 5.0
        svg.open("clipPath", [("id", "plot-area")])
        svg.element("rect", [
            ("x", SVGWriter.number(frame.plot.x - clip)), ("y", SVGWriter.number(frame.plot.y - clip)),
            ("width", SVGWriter.number(frame.plot.width + 2 * clip)),
            ("height", SVGWriter.number(frame.plot.height + 2 * clip)),
        ])
        svg.close("clipPath")
        svg.open("g", [("clip-path", "url(#plot-area)")])
        for (index, line) in series.enumerated() {
            drawSeries(line, color: Palette.color(index), into: &svg) { point in
                (x.position(xAxis.transform(point.x)), yAxis.position(point.y))
            }
        }
        svg.close("g")
        return svg.document()
    }

    private func validate() throws(ChartError) {
        guard !series.isEmpty else { throw ChartError("LineChart \"\(title)\" has no series; add at least one.") }
        for line in series {
            guard !line.points.isEmpty else {
                throw ChartError("Series \"\(line.name)\" has no points; give it at least one or leave it out.")
            }
            for point in line.points {
                let values = [point.x, point.y, point.low, point.high].compactMap { $0 }
                guard values.allSatisfy(\.isFinite) else {
                    throw ChartError("Series \"\(line.name)\" has a non-finite value at x = \(point.x); "
                        + "drop or replace NaN and infinite values.")
                }
                if xScale == .log2 && point.x <= 0 {
                    throw ChartError("Series \"\(line.name)\" has x = \(point.x) on a log2 axis, which needs "
                        + "x > 0; use xScale: .linear or drop that point.")
                }
            }
        }
        for reference in references where !reference.y.isFinite {
            throw ChartError("Reference line \"\(reference.label)\" has a non-finite y.")
        }
        if let yRange, !(yRange.upperBound > yRange.lowerBound) || !yRange.upperBound.isFinite
            || !yRange.lowerBound.isFinite
        {
            throw ChartError("yRange \(yRange) is empty or not finite; give lower < upper, or nil to fit the data.")
        }
    }

    /// Dashed grey lines across the plot, each labelled just right of the plot; labels are pushed apart
    /// vertically when lines are close so they never overlap.
    private func drawReferences(into svg: inout SVGWriter, yAxis: ValueAxis, plot: ChartFrame.Rect) {
        let sorted = references.map { ($0, yAxis.position($0.y)) }.sorted { $0.1 < $1.1 }
        var lastLabelY = -Double.infinity
        for (reference, y) in sorted {
            svg.element("line", [
                ("class", "reference"), ("x1", SVGWriter.number(plot.x)), ("x2", SVGWriter.number(plot.maxX)),
                ("y1", SVGWriter.number(y)), ("y2", SVGWriter.number(y)), ("stroke", Palette.reference),
                ("stroke-width", "1.5"), ("stroke-dasharray", "4 3"),
            ])
            let labelY = max(y + 4, lastLabelY + 13)
            lastLabelY = labelY
            svg.text(
                reference.label, x: plot.maxX + 6, y: labelY,
                [("font-size", "11"), ("fill", Palette.reference)])
        }
    }

    /// One polyline per series (class "series"), error bars with caps, and a marker on every point.
    private func drawSeries(
        _ line: ChartSeries, color: String, into svg: inout SVGWriter,
        position: (ChartPoint) -> (x: Double, y: Double)
    ) {
        var attributes = [
            ("class", "series"), ("points", SVGWriter.points(line.points.map(position))), ("fill", "none"),
            ("stroke", color), ("stroke-width", "2"), ("stroke-linejoin", "round"),
        ]
        if line.dashed { attributes.append(("stroke-dasharray", Self.dashPattern)) }
        svg.element("polyline", attributes)
        for point in line.points {
            let center = position(point)
            if point.low != nil || point.high != nil {
                let low = position(ChartPoint(x: point.x, y: point.low ?? point.y)).y
                let high = position(ChartPoint(x: point.x, y: point.high ?? point.y)).y
                ErrorBar.draw(into: &svg, x: center.x, from: low, to: high, color: color)
            }
            svg.element("circle", [
                ("cx", SVGWriter.number(center.x)), ("cy", SVGWriter.number(center.y)), ("r", "3.5"),
                ("fill", color), ("stroke", "white"), ("stroke-width", "1"),
            ])
        }
    }
}
