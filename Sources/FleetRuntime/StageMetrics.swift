import Fleet
import Messages
import Metrics
import Observability
import Synchronization

/// The catalogue's metrics for one stage (`FleetMetric`, labelled `stage=<name>`), recorded through swift-metrics
/// into the process's registry, plus helpers that turn a service's running totals into counter increments.
public final class StageMetrics: Sendable {
    public let stage: String
    private let totals = Mutex<[String: Int]>([:])

    public init(stage: String) {
        self.stage = stage
    }

    public func increment(_ metric: MetricDefinition, by amount: Int = 1) {
        guard amount > 0 else { return }
        metric.counter(["stage": stage]).increment(by: amount)
    }

    public func record(_ metric: MetricDefinition, _ value: Double) {
        metric.gauge(["stage": stage]).record(value)
    }

    public func deadLetter(reason: String) {
        FleetMetric.deadLetters.counter(["stage": stage, "reason": reason]).increment()
    }

    /// Increments `metric` by how much `total` (a running total kept elsewhere, e.g. a service's counter) grew
    /// since the last call with the same `key`.
    public func advance(_ metric: MetricDefinition, to total: Int, key: String? = nil) {
        let key = key ?? metric.name
        let delta = totals.withLock { totals -> Int in
            defer { totals[key] = max(totals[key] ?? 0, total) }
            return total - (totals[key] ?? 0)
        }
        increment(metric, by: delta)
    }

    /// Records `tao_consumer_lag_messages` for each partition.
    public func record(lags: [(topic: String, partition: Int, lag: Int64)]) {
        for entry in lags {
            FleetMetric.consumerLag.gauge(["stage": stage, "topic": entry.topic, "partition": "\(entry.partition)"])
                .record(Double(entry.lag))
        }
    }

    /// Counts what a stage published, by topic: candidates (N samples each), rollouts (and their mean reward),
    /// updates, dead letters.
    public func observePublished(_ records: [OutgoingRecord], topics: FleetTopics) {
        for outgoing in records {
            switch outgoing.topic {
            case topics.candidates.name:
                let samples = (try? WireCodec.decode(CandidatesMessage.self, from: outgoing.value).samples.count) ?? 0
                increment(FleetMetric.candidatesProduced, by: samples)
            case topics.rollouts.name:
                increment(FleetMetric.rolloutsProduced)
                if let rollout = try? WireCodec.decode(RolloutMessage.self, from: outgoing.value), !rollout.scores.isEmpty {
                    record(FleetMetric.rewardMean, rollout.scores.map(\.total).reduce(0, +) / Double(rollout.scores.count))
                }
            case topics.updates.name:
                increment(FleetMetric.updatesProduced)
            case topics.deadLetter.name:
                deadLetter(reason: stage == "scorer" ? "scoring" : "invalid")
            default:
                break
            }
        }
    }
}
