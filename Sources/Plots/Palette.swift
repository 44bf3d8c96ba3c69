/// The Okabe–Ito colour-blind-safe palette, ordered so the first colours contrast most on white.
/// Series take colours in order and wrap around after eight.
enum Palette {
    static let colors = [
        "#0072B2",  // blue
        "#E69F00",  // orange
        "#009E73",  // bluish green
        "#D55E00",  // vermillion
        "#CC79A7",  // reddish purple
        "#56B4E9",  // sky blue
        "#000000",  // black
        "#F0E442",  // yellow: last, it is faint on white
    ]

    static func color(_ index: Int) -> String {
        colors[index % colors.count]
    }

    /// Reference lines, axes, and grid.
    static let reference = "#555555"
    static let axis = "#333333"
    static let grid = "#E5E5E5"
    static let text = "#222222"
}
