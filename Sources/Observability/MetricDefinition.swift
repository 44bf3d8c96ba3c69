import Metrics

/// One entry of the metric catalogue: a Prometheus metric name with its type, label names and help text.
public struct MetricDefinition: Sendable, Hashable {
    /// The Prometheus metric type a definition is exported as.
    public enum Kind: String, Sendable {
        /// Only goes up; names end in `_total`. Recorded with swift-metrics' `Counter`.
        case counter
        /// Goes up and down. Recorded with swift-metrics' `Gauge`.
        case gauge
        /// A distribution in buckets (durations in seconds, sizes). Recorded with swift-metrics' `Timer` (durations)
        /// or an aggregating `Recorder` (sizes).
        case histogram
    }

    /// The metric name as Prometheus shows it, e.g. `tao_prompts_consumed_total`.
    public let name: String
    public let kind: Kind
    /// The label names every series of this metric carries, in this order.
    public let labels: [String]
    /// One line for Prometheus' `# HELP`.
    public let help: String

    public init(_ name: String, _ kind: Kind, labels: [String], help: String) {
        self.name = name
        self.kind = kind
        self.labels = labels
        self.help = help
    }

    /// A swift-metrics counter for this metric with the given label values.
    ///
    /// - Parameters:
    ///   - labelValues: a value for every name in ``labels`` and nothing else (checked in debug builds).
    ///   - factory: the metrics backend; by default the process-wide one set by ``FleetMetrics/bootstrap()``.
    public func counter(_ labelValues: [String: String], factory: (any MetricsFactory)? = nil) -> Counter {
        assert(kind == .counter, "\(name) is a \(kind), not a counter")
        let dimensions = self.dimensions(labelValues)
        if let factory { return Counter(label: name, dimensions: dimensions, factory: factory) }
        return Counter(label: name, dimensions: dimensions)
    }

    /// A swift-metrics gauge for this metric with the given label values.
    ///
    /// - Parameters:
    ///   - labelValues: a value for every name in ``labels`` and nothing else (checked in debug builds).
    ///   - factory: the metrics backend; by default the process-wide one set by ``FleetMetrics/bootstrap()``.
    public func gauge(_ labelValues: [String: String], factory: (any MetricsFactory)? = nil) -> Gauge {
        assert(kind == .gauge, "\(name) is a \(kind), not a gauge")
        let dimensions = self.dimensions(labelValues)
        if let factory { return Gauge(label: name, dimensions: dimensions, factory: factory) }
        return Gauge(label: name, dimensions: dimensions)
    }

    /// A swift-metrics timer for this histogram: durations, exported in seconds.
    public func timer(_ labelValues: [String: String], factory: (any MetricsFactory)? = nil) -> Metrics.Timer {
        assert(kind == .histogram, "\(name) is a \(kind), not a histogram")
        let dimensions = self.dimensions(labelValues)
        if let factory { return Metrics.Timer(label: name, dimensions: dimensions, factory: factory) }
        return Metrics.Timer(label: name, dimensions: dimensions)
    }

    /// A swift-metrics aggregating recorder for this histogram: sizes (batch sizes, token counts).
    public func recorder(_ labelValues: [String: String], factory: (any MetricsFactory)? = nil) -> Recorder {
        assert(kind == .histogram, "\(name) is a \(kind), not a histogram")
        let dimensions = self.dimensions(labelValues)
        if let factory { return Recorder(label: name, dimensions: dimensions, aggregate: true, factory: factory) }
        return Recorder(label: name, dimensions: dimensions, aggregate: true)
    }

    /// `labelValues` as swift-metrics dimensions in catalogue order, so every series of a name has one label order.
    func dimensions(_ labelValues: [String: String]) -> [(String, String)] {
        assert(
            Set(labelValues.keys) == Set(labels),
            "\(name) takes labels \(labels), got \(labelValues.keys.sorted())"
        )
        return labels.map { ($0, labelValues[$0] ?? "") }
    }
}
