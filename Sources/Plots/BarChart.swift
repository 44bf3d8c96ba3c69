import Foundation

/// Grouped bars, one group per category along x and one bar per series in each group, with a value label
/// above every bar, as a standalone SVG. For comparing models across tasks: categories = task names,
/// one ``BarSeries`` per model.
public struct BarChart: Sendable {
    public var title: String
    public var yLabel: String
    /// Group labels along x, left to right.
    public var categories: [String]
    public var series: [BarSeries]
    /// The y axis range; nil: from zero and the data (error bars included), with room for the labels.
    public var yRange: ClosedRange<Double>?
    public var yFormat: ValueFormat
    /// Size of the whole image in pixels.
    public var width: Double
    public var height: Double

    public init(
        title: String = "", yLabel: String = "", categories: [String], series: [BarSeries],
        yRange: ClosedRange<Double>? = nil, yFormat: ValueFormat = .plain, width: Double = 640, height: Double = 400
    ) {
        self.title = title
        self.yLabel = yLabel
        self.categories = categories
        self.series = series
        self.yRange = yRange
        self.yFormat = yFormat
        self.width = width
        self.height = height
    }

    /// The chart as an SVG document. Throws ``ChartError`` when there are no categories or series, a series
    /// does not have exactly one value (and low/high) per category, a value is not finite, or the size is too
    /// small for the labels.
    public func svg() throws(ChartError) -> String {
        try validate()
        let yValues = series.flatMap { $0.values + ($0.low ?? []) + ($0.high ?? []) }
        let (yTicks, yDomain) = ValueAxis.yTicks(
            values: yValues, fixed: yRange, format: yFormat, includeZero: true, headroom: 0.1,
            targetCount: ChartFrame.yTickTarget(height: height))
        let legend = Legend(
            entries: series.enumerated().map { Legend.Entry(name: $1.name, color: Palette.color($0), swatch: .box) },
            availableWidth: width - 2 * ChartFrame.margin)
        let groupEstimate = (width - 100) / Double(categories.count)
        let categoryLabels = CategoryLabels(categories, groupWidth: groupEstimate)
        // A turned first label reaches left of its group; keep it inside the image.
        let minLeft = categoryLabels.leftReach(ofFirstIn: groupEstimate) + ChartFrame.margin
        let frame = try ChartFrame(
            width: width, height: height, title: title, xLabel: "", yLabel: yLabel, legend: legend,
            yTickLabels: yTicks.values.map { yFormat.tick($0, step: yTicks.step) },
            xTickLabelHeight: categoryLabels.height, rightExtra: 0, minLeft: minLeft)
        let yAxis = frame.yAxis(domain: yDomain)

        var svg = SVGWriter(width: width, height: height)
        frame.drawBackground(into: &svg, yAxis: yAxis, yTicks: yTicks.values)
        let groupWidth = frame.plot.width / Double(categories.count)
        let innerWidth = groupWidth * (series.count == 1 ? 0.6 : 0.8)
        let barWidth = innerWidth / Double(series.count)
        let labelFont = valueLabelFontSize(barWidth: barWidth)
        let zero = yAxis.position(min(max(0, yDomain.lowerBound), yDomain.upperBound))
        for category in categories.indices {
            let groupLeft = frame.plot.x + Double(category) * groupWidth + (groupWidth - innerWidth) / 2
            for (index, bars) in series.enumerated() {
                let left = groupLeft + Double(index) * barWidth
                let value = bars.values[category]
                let top = yAxis.position(value)
                let color = Palette.color(index)
                svg.element("rect", [
                    ("class", "bar"), ("x", SVGWriter.number(left + barWidth * 0.04)),
                    ("y", SVGWriter.number(min(top, zero))), ("width", SVGWriter.number(barWidth * 0.92)),
                    ("height", SVGWriter.number(abs(zero - top))), ("fill", color),
                ])
                let low = yAxis.position(bars.low?[category] ?? value)
                let high = yAxis.position(bars.high?[category] ?? value)
                if bars.low != nil || bars.high != nil {
                    ErrorBar.draw(into: &svg, x: left + barWidth / 2, from: low, to: high, color: Palette.axis)
                }
                // Above the bar and its error bar for values ≥ 0; below them for negative values.
                let labelY = value >= 0
                    ? min(top, low, high) - 4 : max(top, low, high) + labelFont + 2
                svg.text(
                    yFormat.label(value), x: left + barWidth / 2, y: labelY,
                    [("class", "value-label"), ("font-size", SVGWriter.number(labelFont)),
                     ("text-anchor", "middle"), ("fill", Palette.text)])
            }
        }
        categoryLabels.draw(into: &svg, plot: frame.plot, groupWidth: groupWidth)
        frame.drawAxisLines(into: &svg)
        return svg.document()
    }

    /// The largest font up to 11 px at which every value label fits its bar's width, and at least 7 px.
    private func valueLabelFontSize(barWidth: Double) -> Double {
        let longest = series.flatMap { $0.values.map { yFormat.label($0).count } }.max() ?? 1
        return min(11, max(7, (barWidth * 0.95 / (Double(longest) * TextMetrics.averageAdvance)).rounded(.down)))
    }

    private func validate() throws(ChartError) {
        guard !categories.isEmpty else {
            throw ChartError("BarChart \"\(title)\" has no categories; give at least one group label.")
        }
        guard !series.isEmpty else { throw ChartError("BarChart \"\(title)\" has no series; add at least one.") }
        for bars in series {
            for (field, values) in [("values", bars.values), ("low", bars.low), ("high", bars.high)] {
                guard let values else { continue }
                guard values.count == categories.count else {
                    throw ChartError("BarSeries \"\(bars.name)\" has \(values.count) \(field) but the chart has "
                        + "\(categories.count) categories; give one \(field) entry per category, in category order.")
                }
                if let bad = values.firstIndex(where: { !$0.isFinite }) {
                    throw ChartError("BarSeries \"\(bars.name)\" has a non-finite \(field) entry for category "
                        + "\"\(categories[bad])\"; drop or replace NaN and infinite values.")
                }
            }
        }
        if let yRange, !(yRange.upperBound > yRange.lowerBound) || !yRange.upperBound.isFinite
            || !yRange.lowerBound.isFinite
        {
            throw ChartError("yRange \(yRange) is empty or not finite; give lower < upper, or nil to fit the data.")
        }
    }
}
