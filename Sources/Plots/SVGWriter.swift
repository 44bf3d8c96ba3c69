import Foundation

/// Accumulates SVG elements and writes them as one standalone document.
///
/// Every piece of text and every attribute value goes through ``escape(_:)``, so names such as
/// `a<b&c` cannot break the XML.
struct SVGWriter {
    let width: Double
    let height: Double
    private var lines: [String] = []

    init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A self-closing element: `<name a="1" b="2"/>`.
    mutating func element(_ name: String, _ attributes: [(String, String)]) {
        lines.append("<\(name)\(Self.attributes(attributes))/>")
    }

    /// A `<text>` element at (x, y) holding `content`.
    mutating func text(_ content: String, x: Double, y: Double, _ attributes: [(String, String)] = []) {
        let position = [("x", Self.number(x)), ("y", Self.number(y))]
        lines.append("<text\(Self.attributes(position + attributes))>\(Self.escape(content))</text>")
    }

    /// Opens an element that holds children; close it with ``close(_:)``.
    mutating func open(_ name: String, _ attributes: [(String, String)] = []) {
        lines.append("<\(name)\(Self.attributes(attributes))>")
    }

    mutating func close(_ name: String) {
        lines.append("</\(name)>")
    }

    /// The whole document: XML declaration, root `<svg>` with a sans-serif font, and the elements in order.
    func document() -> String {
        let size = "width=\"\(Self.number(width))\" height=\"\(Self.number(height))\""
        let viewBox = "viewBox=\"0 0 \(Self.number(width)) \(Self.number(height))\""
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" \(size) \(viewBox) font-family=\"sans-serif\">\n"
        for line in lines { out += "  " + line + "\n" }
        out += "</svg>\n"
        return out
    }

    /// Replaces the five XML special characters with their entities.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default: out.append(character)
            }
        }
        return out
    }

    /// A coordinate with at most two decimals and no trailing zeros: 12.5, 3, -0.25.
    static func number(_ value: Double) -> String {
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }

    /// Points for a `<polyline>`: "x1,y1 x2,y2 …".
    static func points(_ points: [(x: Double, y: Double)]) -> String {
        points.map { "\(number($0.x)),\(number($0.y))" }.joined(separator: " ")
    }

    private static func attributes(_ pairs: [(String, String)]) -> String {
        pairs.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }
}
