/// Approximate text extents for layout. SVG has no text measurement without a renderer, so widths are
/// estimated from the character count at a typical sans-serif advance (slightly generous, so labels
/// get room rather than overlap).
enum TextMetrics {
    static let averageAdvance = 0.58

    /// Estimated width in pixels of `text` at `fontSize`.
    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * averageAdvance
    }
}
