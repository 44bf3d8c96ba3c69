/// The parts every chart shares: background, title, y axis with grid and tick labels, axis titles,
/// the x axis line, and the legend below, arranged around a plot rectangle sized to fit them.
struct ChartFrame {
    struct Rect {
        var x: Double
        var y: Double
        var width: Double
        var height: Double
        var maxX: Double { x + width }
        var maxY: Double { y + height }
    }

    static let tickFontSize = 11.0
    static let margin = 10.0

    let width: Double
    let height: Double
    let title: String
    let xLabel: String
    let yLabel: String
    let legend: Legend
    let yTickLabels: [String]
    let xTickLabelHeight: Double
    let plot: Rect

    /// Lays out the frame. `xTickLabelHeight` is the room the chart's x tick labels need below the axis;
    /// `rightExtra` is room to the right of the plot (reference line labels); `minLeft` the least x at which
    /// the plot may start (for x labels that reach left of it).
    init(
        width: Double, height: Double, title: String, xLabel: String, yLabel: String,
        legend: Legend, yTickLabels: [String], xTickLabelHeight: Double, rightExtra: Double, minLeft: Double = 0
    ) throws(ChartError) {
        self.width = width
        self.height = height
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.legend = legend
        self.yTickLabels = yTickLabels
        self.xTickLabelHeight = xTickLabelHeight
        let tickWidth = yTickLabels.map { TextMetrics.width($0, fontSize: Self.tickFontSize) }.max() ?? 0
        let left = max(minLeft, Self.margin + (yLabel.isEmpty ? 0 : 20) + tickWidth + 10)
        let right = Self.margin + 6 + rightExtra
        let top = title.isEmpty ? 16 : 40.0
        let bottom = 6 + xTickLabelHeight + (xLabel.isEmpty ? 0 : 20) + 6 + legend.height + Self.margin
        plot = Rect(x: left, y: top, width: width - left - right, height: height - top - bottom)
        guard plot.width >= 40, plot.height >= 40 else {
            throw ChartError(
                "A \(Int(width))×\(Int(height)) chart leaves a plot area of only "
                    + "\(Int(plot.width))×\(Int(plot.height)) px after titles, labels and legend; "
                    + "make the chart larger or the labels shorter.")
        }
    }

    /// Background, title, horizontal grid lines with y tick labels, axis titles, and the legend.
    /// Data goes on top of this; the x axis line is drawn by ``drawXAxisLine(into:)`` after the data.
    func drawBackground(into svg: inout SVGWriter, yAxis: ValueAxis, yTicks: [Double]) {
        svg.element("rect", [("width", "100%"), ("height", "100%"), ("fill", "white")])
        if !title.isEmpty {
            svg.text(
                title, x: width / 2, y: 24,
                [("font-size", "16"), ("font-weight", "bold"), ("text-anchor", "middle"), ("fill", Palette.text)])
        }
        for (tick, label) in zip(yTicks, yTickLabels) {
            let y = SVGWriter.number(yAxis.position(tick))
            svg.element("line", [
                ("x1", SVGWriter.number(plot.x)), ("x2", SVGWriter.number(plot.maxX)), ("y1", y), ("y2", y),
                ("stroke", Palette.grid), ("stroke-width", "1"),
            ])
            svg.text(
                label, x: plot.x - 8, y: yAxis.position(tick) + Self.tickFontSize * 0.35,
                [("font-size", "11"), ("text-anchor", "end"), ("fill", Palette.text)])
        }
        if !yLabel.isEmpty {
            let x = Self.margin + 12
            let y = plot.y + plot.height / 2
            svg.text(
                yLabel, x: x, y: y,
                [("font-size", "12"), ("text-anchor", "middle"), ("fill", Palette.text),
                 ("transform", "rotate(-90 \(SVGWriter.number(x)) \(SVGWriter.number(y)))")])
        }
        let xLabelBaseline = plot.maxY + 6 + xTickLabelHeight + 14
        if !xLabel.isEmpty {
            svg.text(
                xLabel, x: plot.x + plot.width / 2, y: xLabelBaseline,
                [("font-size", "12"), ("text-anchor", "middle"), ("fill", Palette.text)])
        }
        let legendTop = plot.maxY + 6 + xTickLabelHeight + (xLabel.isEmpty ? 0 : 20) + 6
        legend.draw(
            into: &svg, centerX: plot.x + plot.width / 2, top: legendTop,
            minX: Self.margin, maxX: width - Self.margin)
    }

    /// The x axis along the bottom of the plot and the y axis along its left side.
    func drawAxisLines(into svg: inout SVGWriter) {
        let bottom = SVGWriter.number(plot.maxY)
        svg.element("line", [
            ("x1", SVGWriter.number(plot.x)), ("x2", SVGWriter.number(plot.maxX)), ("y1", bottom), ("y2", bottom),
            ("stroke", Palette.axis), ("stroke-width", "1"),
        ])
        let left = SVGWriter.number(plot.x)
        svg.element("line", [
            ("x1", left), ("x2", left), ("y1", SVGWriter.number(plot.y)), ("y2", bottom),
            ("stroke", Palette.axis), ("stroke-width", "1"),
        ])
    }

    /// A y axis mapping the domain onto the plot, bottom to top.
    func yAxis(domain: ClosedRange<Double>) -> ValueAxis {
        ValueAxis(domain: domain, start: plot.maxY, end: plot.y)
    }

    /// About one y tick interval per 70 px of chart height (the plot is not laid out yet), 3 to 8.
    static func yTickTarget(height: Double) -> Int {
        max(3, min(8, Int(height / 70)))
    }
}
