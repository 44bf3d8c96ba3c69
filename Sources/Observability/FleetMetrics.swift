import Metrics
import Prometheus

/// The Prometheus backend behind swift-metrics for one worker: a collector registry, the factory that feeds it, and
/// the text `/metrics` serves.
///
/// A worker calls ``bootstrap()`` once at start-up; from then on `Counter(label:dimensions:)` and friends anywhere in
/// the process record into ``bootstrap()``'s registry, and a ``HealthServer`` given the same value exports it.
///
/// Tests that must not touch the process-wide `MetricsSystem` make their own with ``init()`` and pass ``factory`` to
/// the metric initialisers (`Counter(label:dimensions:factory:)`, ``MetricDefinition/counter(_:factory:)``).
public struct FleetMetrics: Sendable {
    /// Where every metric created through ``factory`` is stored.
    public let registry: PrometheusCollectorRegistry
    /// The swift-metrics backend writing into ``registry``.
    public let factory: PrometheusMetricsFactory

    /// A fresh registry, not connected to `MetricsSystem`: metrics reach it only through ``factory``.
    public init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        // Scores lie in [0, 1]: tenths show their distribution (the default buckets are for sizes).
        factory.valueHistogramBuckets[FleetMetric.scorerScores.name] = (1...10).map { Double($0) / 10 }
        self.factory = factory
    }

    /// The process-wide metrics, bootstrapping `MetricsSystem` with them on the first call.
    ///
    /// Safe to call any number of times from any thread: the bootstrap runs exactly once (a `static let` is
    /// initialised once, atomically) and every call returns the same registry. Do not also call
    /// `MetricsSystem.bootstrap` elsewhere in the process; swift-metrics allows one bootstrap and traps on a second.
    public static func bootstrap() -> FleetMetrics { processWide }

    private static let processWide: FleetMetrics = {
        let metrics = FleetMetrics()
        MetricsSystem.bootstrap(metrics.factory)
        return metrics
    }()

    /// Every metric in ``registry`` in the Prometheus text exposition format (version 0.0.4), with a `# HELP` line
    /// from ``FleetMetric`` before each catalogued metric's `# TYPE` line.
    ///
    /// swift-metrics has no notion of help text, so the registry emits none; the catalogue supplies it here.
    public func exposition() -> String {
        Self.addingHelp(to: registry.emitToString())
    }

    /// `text` with `# HELP <name> <help>` inserted before every `# TYPE <name> …` line whose name is catalogued.
    static func addingHelp(to text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count + 64 * FleetMetric.all.count)
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# TYPE "),
                let name = line.dropFirst("# TYPE ".count).split(separator: " ").first,
                let definition = FleetMetric.definition(named: String(name))
            {
                output += "# HELP \(definition.name) \(definition.help)\n"
            }
            output += line
            output += "\n"
        }
        return output
    }
}
