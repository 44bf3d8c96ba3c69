import Fleet
import FleetRuntime
import Testing

/// `tao up` sums series from the workers' `/metrics`; the parser must read labels and skip comments.
@Suite struct MetricsScrapeTests {
    @Test func sumsSeriesByNameAndLabels() {
        let scrape = MetricsScrape(text: """
            # HELP tao_consumer_lag_messages Messages behind.
            # TYPE tao_consumer_lag_messages gauge
            tao_consumer_lag_messages{stage="scorer",topic="r.candidates",partition="0"} 3
            tao_consumer_lag_messages{stage="scorer",topic="r.candidates",partition="1"} 4.0
            tao_consumer_lag_messages{stage="trainer",topic="r.rollouts",partition="0"} 10
            tao_policy_version{stage="generator"} 7
            up 1
            """)
        #expect(scrape.sum("tao_consumer_lag_messages") == 17)
        #expect(scrape.sum("tao_consumer_lag_messages", matching: ["stage": "scorer"]) == 7)
        #expect(scrape.sum("tao_policy_version", matching: ["stage": "generator"]) == 7)
        #expect(scrape.sum("up") == 1)
        #expect(scrape.sum("tao_missing") == 0)
    }
}
