import Fleet
import Messages
import Metrics
import Observability
import Scoring
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
        increment(metric, by: growth(of: key ?? metric.name, to: total))
    }

    /// How much the running total under `key` grew since the last call with that key (never negative).
    private func growth(of key: String, to total: Int) -> Int {
        totals.withLock { totals -> Int in
            defer { totals[key] = max(totals[key] ?? 0, total) }
            return total - (totals[key] ?? 0)
        }
    }

    /// Records `tao_consumer_lag_messages` for each partition.
    public func record(lags: [(topic: String, partition: Int, lag: Int64)]) {
        for entry in lags {
            FleetMetric.consumerLag.gauge(["stage": stage, "topic": entry.topic, "partition": "\(entry.partition)"])
                .record(Double(entry.lag))
        }
    }

    /// Counts what became of one record, from the stage's own account of it (`StageOutcome`): candidates
    /// sampled, rollouts scored and their mean reward, updates sent, dead letters by kind.
    public func observe(_ outcome: StageOutcome) {
        switch outcome {
        case .handled(let result):
            increment(FleetMetric.candidatesProduced, by: result.samples)
            if !result.rewards.isEmpty {
                increment(FleetMetric.rolloutsProduced)
                record(FleetMetric.rewardMean, result.rewards.reduce(0, +) / Double(result.rewards.count))
            }
            increment(FleetMetric.updatesProduced, by: result.updates)
        case .deadLettered(let cause):
            deadLetter(reason: cause.kind.rawValue)
        }
    }

    /// Records one scorer call: its latency, its error, or the distribution of its scores.
    public func observe(_ call: ScorerObservation) {
        let labels = ["stage": stage, "scorer": call.scorer]
        FleetMetric.scorerDuration.timer(labels).recordNanoseconds(Int64(call.seconds * 1e9))
        if call.error != nil { FleetMetric.scorerErrors.counter(labels).increment() }
        let scores = FleetMetric.scorerScores.recorder(labels)
        for score in call.scores { scores.record(score) }
    }

    /// For a service that counts its own dead letters (the coordinator): raises `tao_dead_letters_total` by how
    /// much `total` grew, under `kind`.
    public func advanceDeadLetters(to total: Int, kind: DeadLetterCause.Kind) {
        let delta = growth(of: "dead-letters.\(kind.rawValue)", to: total)
        if delta > 0 { FleetMetric.deadLetters.counter(["stage": stage, "reason": kind.rawValue]).increment(by: delta) }
    }
}
