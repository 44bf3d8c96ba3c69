import Foundation

/// How y values are written on tick labels and value labels.
public enum ValueFormat: Sendable, Equatable {
    /// Fractions shown as percentages: 0.345 → "34.5%" on value labels, 0.3 → "30%" on ticks.
    case percent
    /// Numbers as they are: 12.5 → "12.5".
    case plain

    /// A value label (above a bar, or anywhere a single value is written): percent with one decimal,
    /// plain with up to three significant decimals.
    public func label(_ value: Double) -> String {
        switch self {
        case .percent: return String(format: "%.1f%%", clean(value * 100))
        case .plain: return Self.trimmed(String(format: "%.3f", clean(value)))
        }
    }

    /// A tick label for a tick at `value` on an axis whose ticks are `step` apart: as many decimals as the
    /// step needs and no more (step 0.1 in percent → "30%"; step 0.005 → "0.5%").
    public func tick(_ value: Double, step: Double) -> String {
        let scaled = self == .percent ? value * 100 : value
        let scaledStep = self == .percent ? step * 100 : step
        let decimals = max(0, Int((-log10(scaledStep)).rounded(.up)))
        let text = String(format: "%.\(min(decimals, 6))f", clean(scaled, tolerance: scaledStep * 1e-9))
        return self == .percent ? text + "%" : text
    }

    /// Maps -0 and float noise around zero to 0 so no label reads "-0".
    private func clean(_ value: Double, tolerance: Double = 1e-12) -> Double {
        abs(value) <= tolerance ? 0 : value
    }

    /// "12.500" → "12.5", "3.000" → "3".
    private static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.hasSuffix("0") { result = result.dropLast() }
        if result.hasSuffix(".") { result = result.dropLast() }
        return result == "-0" ? "0" : String(result)
    }
}
