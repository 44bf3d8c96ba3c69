import Foundation

/// The category names under a bar chart's groups: horizontal and centred when they fit their group,
/// otherwise turned 35° so long task names do not run into each other.
struct CategoryLabels {
    static let angle = 35.0
    static let fontSize = 11.0

    let names: [String]
    let rotated: Bool

    init(_ names: [String], groupWidth: Double) {
        self.names = names
        let widest = names.map { TextMetrics.width($0, fontSize: Self.fontSize) }.max() ?? 0
        rotated = widest > groupWidth * 0.9
    }

    /// Room needed below the axis.
    var height: Double {
        guard rotated else { return 16 }
        let widest = names.map { TextMetrics.width($0, fontSize: Self.fontSize) }.max() ?? 0
        let radians = Self.angle * .pi / 180
        return widest * sin(radians) + Self.fontSize * cos(radians) + 8
    }

    /// How far the first label reaches left of the plot's left edge, given the width of a group.
    func leftReach(ofFirstIn groupWidth: Double) -> Double {
        guard rotated, let first = names.first else { return 0 }
        let reach = TextMetrics.width(first, fontSize: Self.fontSize) * cos(Self.angle * .pi / 180)
        return max(0, reach - groupWidth / 2)
    }

    func draw(into svg: inout SVGWriter, plot: ChartFrame.Rect, groupWidth: Double) {
        for (index, name) in names.enumerated() {
            let x = plot.x + (Double(index) + 0.5) * groupWidth
            let y = plot.maxY + 18
            var attributes = [("font-size", "11"), ("fill", Palette.text)]
            if rotated {
                attributes += [
                    ("text-anchor", "end"),
                    ("transform", "rotate(-\(Self.angle) \(SVGWriter.number(x)) \(SVGWriter.number(y - 6)))"),
                ]
            } else {
                attributes.append(("text-anchor", "middle"))
            }
            svg.text(name, x: x, y: y, attributes)
        }
    }
}
