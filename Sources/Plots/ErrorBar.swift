/// A vertical error bar with short caps at both ends (class "error-bar").
enum ErrorBar {
    static func draw(into svg: inout SVGWriter, x: Double, from low: Double, to high: Double, color: String) {
        let capHalfWidth = 4.0
        let segments = [
            (x, low, x, high),
            (x - capHalfWidth, low, x + capHalfWidth, low),
            (x - capHalfWidth, high, x + capHalfWidth, high),
        ]
        for (x1, y1, x2, y2) in segments {
            svg.element("line", [
                ("class", "error-bar"), ("x1", SVGWriter.number(x1)), ("y1", SVGWriter.number(y1)),
                ("x2", SVGWriter.number(x2)), ("y2", SVGWriter.number(y2)), ("stroke", color),
                ("stroke-width", "1.5"),
            ])
        }
    }
}
