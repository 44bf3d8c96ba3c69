/// The key of a chart, laid out in rows below the plot so it never covers data.
struct Legend {
    enum Swatch {
        /// A short line with a marker, dashed or solid, as the series is drawn.
        case line(dashed: Bool)
        /// A filled square, as a bar.
        case box
    }

    struct Entry {
        var name: String
        var color: String
        var swatch: Swatch
    }

    static let fontSize = 12.0
    static let rowHeight = 18.0
    static let swatchWidth = 22.0
    static let gap = 18.0

    let entries: [Entry]
    /// Entry indices per row; each row fits `availableWidth`.
    let rows: [[Int]]

    init(entries: [Entry], availableWidth: Double) {
        self.entries = entries
        var rows: [[Int]] = []
        var current: [Int] = []
        var used = 0.0
        for (index, entry) in entries.enumerated() {
            let width = Self.width(of: entry)
            if !current.isEmpty && used + Self.gap + width > availableWidth {
                rows.append(current)
                current = []
                used = 0
            }
            used += (current.isEmpty ? 0 : Self.gap) + width
            current.append(index)
        }
        if !current.isEmpty { rows.append(current) }
        self.rows = rows
    }

    var height: Double { Double(rows.count) * Self.rowHeight }

    /// Draws the rows centred on `centerX`, the first row's middle at `top + rowHeight / 2`, and kept
    /// inside [minX, maxX].
    func draw(into svg: inout SVGWriter, centerX: Double, top: Double, minX: Double, maxX: Double) {
        for (rowIndex, row) in rows.enumerated() {
            let rowWidth = row.map { Self.width(of: entries[$0]) }.reduce(0, +) + Self.gap * Double(row.count - 1)
            var x = min(max(centerX - rowWidth / 2, minX), max(minX, maxX - rowWidth))
            let middle = top + Self.rowHeight * (Double(rowIndex) + 0.5)
            for index in row {
                let entry = entries[index]
                drawSwatch(entry, x: x, middle: middle, into: &svg)
                svg.text(
                    entry.name, x: x + Self.swatchWidth + 5, y: middle + Self.fontSize * 0.35,
                    [("font-size", "12"), ("fill", Palette.text)])
                x += Self.width(of: entry) + Self.gap
            }
        }
    }

    private func drawSwatch(_ entry: Entry, x: Double, middle: Double, into svg: inout SVGWriter) {
        switch entry.swatch {
        case .line(let dashed):
            var attributes = [
                ("class", "legend-swatch"), ("x1", SVGWriter.number(x)), ("y1", SVGWriter.number(middle)),
                ("x2", SVGWriter.number(x + Self.swatchWidth)), ("y2", SVGWriter.number(middle)),
                ("stroke", entry.color), ("stroke-width", "2"),
            ]
            if dashed { attributes.append(("stroke-dasharray", LineChart.dashPattern)) }
            svg.element("line", attributes)
            svg.element("circle", [
                ("cx", SVGWriter.number(x + Self.swatchWidth / 2)), ("cy", SVGWriter.number(middle)),
                ("r", "3"), ("fill", entry.color),
            ])
        case .box:
            svg.element("rect", [
                ("class", "legend-swatch"), ("x", SVGWriter.number(x + 6)), ("y", SVGWriter.number(middle - 5)),
                ("width", "10"), ("height", "10"), ("fill", entry.color),
            ])
        }
    }

    private static func width(of entry: Entry) -> Double {
        swatchWidth + 5 + TextMetrics.width(entry.name, fontSize: fontSize)
    }
}
