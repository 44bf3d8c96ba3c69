import Metrics
import Testing

@testable import Observability

@Suite("/metrics and the metric catalogue")
struct MetricsEndpointTests {
    @Test func counterIncrementedThroughSwiftMetricsIsExported() async throws {
        let metrics = FleetMetrics()
        let consumed = Counter(
            label: "tao_prompts_consumed_total", dimensions: [("stage", "generator")], factory: metrics.factory)
        consumed.increment(by: 3)
        try await withServer(metrics: metrics) { port in
            let response = try await Curl.request("/metrics", port: port)
            #expect(response.status == 200)
            #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
            let lines = response.body.split(separator: "\n")
            #expect(lines.contains(#"tao_prompts_consumed_total{stage="generator"} 3"#))
            #expect(lines.contains("# TYPE tao_prompts_consumed_total counter"))
            #expect(lines.contains("# HELP tao_prompts_consumed_total Prompts consumed from the prompts topic."))

            consumed.increment()
            let again = try await Curl.request("/metrics", port: port).body.split(separator: "\n")
            #expect(again.contains(#"tao_prompts_consumed_total{stage="generator"} 4"#))
        }
    }

    @Test func catalogueHelpersRecordGaugesWithEveryLabel() async throws {
        let metrics = FleetMetrics()
        FleetMetric.consumerLag.gauge(
            ["stage": "scorer", "topic": "run1.candidates", "partition": "2"], factory: metrics.factory
        ).record(17)
        FleetMetric.policyVersion.gauge(["stage": "generator"], factory: metrics.factory).record(5)
        FleetMetric.deadLetters.counter(["reason": "decode", "stage": "scorer"], factory: metrics.factory).increment()
        try await withServer(metrics: metrics) { port in
            let lines = try await Curl.request("/metrics", port: port).body.split(separator: "\n")
            #expect(lines.contains(#"tao_consumer_lag_messages{stage="scorer",topic="run1.candidates",partition="2"} 17.0"#))
            #expect(lines.contains("# TYPE tao_consumer_lag_messages gauge"))
            #expect(lines.contains(#"tao_policy_version{stage="generator"} 5.0"#))
            // Labels come out in catalogue order whatever order the caller wrote them in.
            #expect(lines.contains(#"tao_dead_letters_total{stage="scorer",reason="decode"} 1"#))
        }
    }

    @Test func bootstrapIsOncePerProcessAndFeedsTheDefaultFactory() async throws {
        let first = FleetMetrics.bootstrap()
        let second = FleetMetrics.bootstrap()
        #expect(first.registry === second.registry)
        // No factory argument: this goes through MetricsSystem, which bootstrap() pointed at the registry.
        Counter(label: FleetMetric.updatesApplied.name, dimensions: [("stage", "coordinator")]).increment(by: 2)
        let exposition = first.exposition().split(separator: "\n")
        #expect(exposition.contains(#"tao_updates_applied_total{stage="coordinator"} 2"#))
    }

    @Test func emptyRegistryExportsNothing() {
        #expect(FleetMetrics().exposition() == "")
    }

    @Test func catalogueNamesAreUniqueAndValidPrometheusNames() {
        let names = FleetMetric.all.map(\.name)
        #expect(Set(names).count == names.count)
        for definition in FleetMetric.all {
            #expect(definition.name.hasPrefix("tao_"))
            #expect(definition.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
            #expect(definition.name.hasSuffix("_total") == (definition.kind == .counter), "\(definition.name)")
            #expect(definition.labels.first == "stage", "\(definition.name) must carry the stage label")
            #expect(!definition.help.isEmpty && !definition.help.contains("\n"))
        }
    }
}
