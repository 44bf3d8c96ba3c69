/// A named set of bars in a ``BarChart``: one value per category, optionally with an error bar per category.
public struct BarSeries: Sendable, Equatable {
    public var name: String
    /// One value per category of the chart, in the chart's category order.
    public var values: [Double]
    /// Lower ends of the error bars, one per category, or nil for no error bars.
    public var low: [Double]?
    /// Upper ends of the error bars, one per category, or nil for no error bars.
    public var high: [Double]?

    public init(name: String, values: [Double], low: [Double]? = nil, high: [Double]? = nil) {
        self.name = name
        self.values = values
        self.low = low
        self.high = high
    }
}
