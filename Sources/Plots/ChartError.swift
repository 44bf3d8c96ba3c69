/// Why a chart could not be drawn: the data is empty, mismatched, or not drawable on the requested axes.
///
/// The message names the offending series or field and says what to change, e.g.
/// `BarSeries "tuned" has 2 values but the chart has 3 categories; give one value per category.`
public struct ChartError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
