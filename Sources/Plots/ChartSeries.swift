/// One data point of a line chart, with an optional error bar from `low` to `high` (e.g. min/max over seeds).
public struct ChartPoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var low: Double?
    public var high: Double?

    public init(x: Double, y: Double, low: Double? = nil, high: Double? = nil) {
        self.x = x
        self.y = y
        self.low = low
        self.high = high
    }
}

/// A named line of a ``LineChart``; `dashed` draws it with a dashed stroke (e.g. a baseline run).
public struct ChartSeries: Sendable, Equatable {
    public var name: String
    public var points: [ChartPoint]
    public var dashed: Bool

    public init(name: String, points: [ChartPoint], dashed: Bool = false) {
        self.name = name
        self.points = points
        self.dashed = dashed
    }
}

/// A horizontal dashed line across a ``LineChart`` with its label at the right, e.g. "base pass@8".
public struct ReferenceLine: Sendable, Equatable {
    public var label: String
    public var y: Double

    public init(label: String, y: Double) {
        self.label = label
        self.y = y
    }
}

/// How x values map to the horizontal axis of a ``LineChart``.
public enum AxisScale: Sendable, Equatable {
    /// Evenly spaced values; ticks at nice 1/2/5 × 10^k steps.
    case linear
    /// Doublings equally spaced (x = samples per prompt N ∈ {1, 2, 4, 8, 16}); ticks at the data's x values.
    /// Every x must be > 0.
    case log2
}
