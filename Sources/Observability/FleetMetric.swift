/// The catalogue of the fleet's metrics: every name a worker exports, its type, labels and meaning.
///
/// This file is the single place metric names are spelled. Code records through swift-metrics using these
/// constants, so a rename here renames the series everywhere and `docs/operations.md` can list them from one source:
///
/// ```swift
/// let consumed = FleetMetric.promptsConsumed.counter(["stage": "generator"])
/// consumed.increment()
/// FleetMetric.policyVersion.gauge(["stage": "generator"]).record(policy.version)
/// ```
///
/// Label conventions: `stage` is one of `generator`, `scorer`, `trainer`, `coordinator`; `topic` is the full topic
/// name (`<run>.prompts`); `partition` is the partition number in decimal. Every series of one name carries the same
/// label names (Prometheus requires it), exactly those listed in ``MetricDefinition/labels``.
public enum FleetMetric {
    /// Prompts a generator took from `<run>.prompts` and started sampling for.
    public static let promptsConsumed = MetricDefinition(
        "tao_prompts_consumed_total", .counter, labels: ["stage"],
        help: "Prompts consumed from the prompts topic.")

    /// Candidate completions a generator published to `<run>.candidates` (N per prompt).
    public static let candidatesProduced = MetricDefinition(
        "tao_candidates_produced_total", .counter, labels: ["stage"],
        help: "Candidate completions published to the candidates topic.")

    /// Scored rollouts a scorer published to `<run>.rollouts`.
    public static let rolloutsProduced = MetricDefinition(
        "tao_rollouts_produced_total", .counter, labels: ["stage"],
        help: "Scored rollouts published to the rollouts topic.")

    /// Policy updates (gradients or deltas) a trainer published to `<run>.updates`.
    public static let updatesProduced = MetricDefinition(
        "tao_updates_produced_total", .counter, labels: ["stage"],
        help: "Policy updates published to the updates topic.")

    /// Updates applied to the policy: by the coordinator when it commits a version, by generators when they load one.
    public static let updatesApplied = MetricDefinition(
        "tao_updates_applied_total", .counter, labels: ["stage"],
        help: "Policy updates applied.")

    /// Rollouts a trainer discarded because the policy that sampled them is too many versions behind.
    public static let staleRolloutsDropped = MetricDefinition(
        "tao_stale_rollouts_dropped_total", .counter, labels: ["stage"],
        help: "Rollouts dropped for being sampled by a policy older than the staleness limit.")

    /// Messages a stage sent to `<run>.dead-letter`. `reason` is a short fixed word (`decode`, `schema`, `invalid`,
    /// `scoring`, `too-large`, `policy`), never free text, so the number of series stays bounded.
    public static let deadLetters = MetricDefinition(
        "tao_dead_letters_total", .counter, labels: ["stage", "reason"],
        help: "Messages sent to the dead-letter topic, by reason.")

    /// The policy version the worker currently holds (generators: the one they sample with).
    public static let policyVersion = MetricDefinition(
        "tao_policy_version", .gauge, labels: ["stage"],
        help: "Policy version currently held by this worker.")

    /// Attempts at loading an announced policy version that failed (a version given up on goes to the dead-letter
    /// topic too). Rising while `tao_policy_version` stands still: the stage cannot get the newest policy.
    public static let policyLoadFailures = MetricDefinition(
        "tao_policy_load_failures_total", .counter, labels: ["stage"],
        help: "Failed attempts at loading an announced policy version.")

    /// Mean reward of the most recent batch of scored rollouts.
    public static let rewardMean = MetricDefinition(
        "tao_reward_mean", .gauge, labels: ["stage"],
        help: "Mean reward of the most recent batch of scored rollouts.")

    /// Messages between this worker's committed offset and the partition's high watermark, per assigned partition.
    /// The signal an autoscaler (KEDA's Prometheus scaler) sums per topic.
    public static let consumerLag = MetricDefinition(
        "tao_consumer_lag_messages", .gauge, labels: ["stage", "topic", "partition"],
        help: "Messages behind the high watermark, per assigned topic partition.")

    /// Generated tokens per second over the generator's most recent batch.
    public static let generationTokensPerSecond = MetricDefinition(
        "tao_generation_tokens_per_second", .gauge, labels: ["stage"],
        help: "Tokens generated per second over the most recent batch.")

    /// The process's resident memory (RSS), refreshed every second by the stages and at every scrape by `tao serve`:
    /// what a week-long run must keep flat.
    public static let residentMemory = MetricDefinition(
        "tao_process_resident_bytes", .gauge, labels: ["stage"],
        help: "Resident memory of the process, in bytes.")

    // MARK: scorers (stage "scorer"), one series per scorer of the configuration

    /// Seconds one scorer took to rate one group of candidates, by scorer (`verifier`, `reward-model`, `judge`, `http`).
    public static let scorerDuration = MetricDefinition(
        "tao_scorer_duration_seconds", .histogram, labels: ["stage", "scorer"],
        help: "Seconds one scorer took to rate one group of candidates.")

    /// Groups a scorer failed to rate (the record went to the dead-letter topic), by scorer.
    public static let scorerErrors = MetricDefinition(
        "tao_scorer_errors_total", .counter, labels: ["stage", "scorer"],
        help: "Groups a scorer failed to rate, by scorer.")

    /// The distribution of the scores a scorer gave, one observation per candidate.
    public static let scorerScores = MetricDefinition(
        "tao_scorer_score", .histogram, labels: ["stage", "scorer"],
        help: "Scores a scorer gave, one observation per candidate.")

    // MARK: tao serve (stage "serve")

    /// HTTP requests `tao serve` answered, by route (`chat`, `completions`, `models`, `other`) and status code.
    public static let serveRequests = MetricDefinition(
        "tao_serve_requests_total", .counter, labels: ["stage", "route", "status"],
        help: "HTTP requests answered, by route and status code.")

    /// Seconds from a request's arrival to its last byte, by route.
    public static let serveRequestDuration = MetricDefinition(
        "tao_serve_request_duration_seconds", .histogram, labels: ["stage", "route"],
        help: "Seconds from a request's arrival to its last byte.")

    /// Seconds from a request's arrival to its first generated text.
    public static let serveTimeToFirstToken = MetricDefinition(
        "tao_serve_time_to_first_token_seconds", .histogram, labels: ["stage", "route"],
        help: "Seconds from a request's arrival to its first generated text.")

    /// Tokens `tao serve` generated (every choice of every request).
    public static let serveTokensGenerated = MetricDefinition(
        "tao_serve_tokens_generated_total", .counter, labels: ["stage"],
        help: "Tokens generated for served requests.")

    /// Requests waiting for a batch.
    public static let serveQueueDepth = MetricDefinition(
        "tao_serve_queue_depth", .gauge, labels: ["stage"],
        help: "Requests waiting for a batch.")

    /// Requests decoded together, per batch.
    public static let serveBatchSize = MetricDefinition(
        "tao_serve_batch_size", .histogram, labels: ["stage"],
        help: "Requests decoded together in one batch.")

    /// Served prompts written to `<run>.prompts`.
    public static let serveTrafficPublished = MetricDefinition(
        "tao_serve_traffic_published_total", .counter, labels: ["stage"],
        help: "Served prompts written to the prompts topic.")

    /// Served prompts not written: `buffer` (the buffer to the producer was full), `kafka` (the producer failed),
    /// `sampled` (left out by serve.traffic.sample-rate).
    public static let serveTrafficDropped = MetricDefinition(
        "tao_serve_traffic_dropped_total", .counter, labels: ["stage", "reason"],
        help: "Served prompts not written to the prompts topic, by reason.")

    /// Every metric in the catalogue, in the order above.
    public static let all: [MetricDefinition] = [
        promptsConsumed, candidatesProduced, rolloutsProduced, updatesProduced, updatesApplied,
        staleRolloutsDropped, deadLetters, policyVersion, policyLoadFailures, rewardMean, consumerLag,
        generationTokensPerSecond, residentMemory, scorerDuration, scorerErrors, scorerScores, serveRequests, serveRequestDuration, serveTimeToFirstToken, serveTokensGenerated,
        serveQueueDepth, serveBatchSize, serveTrafficPublished, serveTrafficDropped,
    ]

    /// The catalogue entry named `name`, if any.
    public static func definition(named name: String) -> MetricDefinition? {
        all.first { $0.name == name }
    }
}
