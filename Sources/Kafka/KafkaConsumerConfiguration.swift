/// Consumer settings for a `KafkaConsumer` (or `InMemoryKafkaCluster.makeConsumer`); cluster settings come from
/// `KafkaConfiguration`.
///
/// In a group, delivery is at-least-once: offsets are committed automatically (`enable.auto.commit=true`) but only
/// those the caller stored with `KafkaConsumer.storeOffset(for:)` (`enable.auto.offset.store=false`), so a message
/// is committed only after it was processed.
///
/// With `groupId == nil` the consumer is a group-less reader: it reads every partition of `topics` from the
/// beginning or the end (`autoOffsetReset`), joins no group and never commits (`enable.auto.commit=false`, no
/// `group.id`, even if `KafkaConfiguration.properties` names one). The group settings (session, heartbeat,
/// auto-commit interval) then do nothing.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    /// Where a group starts when it has no committed offset for a partition; where a group-less reader starts.
    public enum OffsetReset: String, Sendable, Hashable {
        case earliest, latest
    }

    /// The one partition assignor every tao consumer uses. Members of a group must agree (librdkafka's mock
    /// cluster aborts the process when they don't); `range` is also first in librdkafka's default list, so
    /// tools like `kcat -G` can join the same group.
    public static let assignmentStrategy = "range"

    /// The consumer group to join, or nil to read every partition without a group.
    public var groupId: String?
    public var topics: [String]
    public var autoOffsetReset: OffsetReset
    /// `session.timeout.ms`: how long the group waits for a silent member before reassigning its partitions.
    public var sessionTimeout: Duration
    /// `heartbeat.interval.ms`: how often members tell the coordinator they are alive.
    public var heartbeatInterval: Duration
    /// `fetch.wait.max.ms`: how long a broker may hold a fetch waiting for data (latency vs. request count).
    public var fetchWaitMax: Duration
    /// `auto.commit.interval.ms`: how often stored offsets are committed in the background.
    public var autoCommitInterval: Duration
    /// How long one `rd_kafka_consumer_poll` blocks; bounds how quickly iteration notices cancellation or close.
    public var pollTimeout: Duration

    public init(
        groupId: String?,
        topics: [String],
        autoOffsetReset: OffsetReset = .earliest,
        sessionTimeout: Duration = .seconds(45),
        heartbeatInterval: Duration = .seconds(3),
        fetchWaitMax: Duration = .milliseconds(500),
        autoCommitInterval: Duration = .seconds(5),
        pollTimeout: Duration = .milliseconds(100)
    ) {
        self.groupId = groupId
        self.topics = topics
        self.autoOffsetReset = autoOffsetReset
        self.sessionTimeout = sessionTimeout
        self.heartbeatInterval = heartbeatInterval
        self.fetchWaitMax = fetchWaitMax
        self.autoCommitInterval = autoCommitInterval
        self.pollTimeout = pollTimeout
    }

    /// librdkafka properties for a consumer: these settings, then `cluster`'s (its raw properties win, except
    /// that a group-less reader never gets a `group.id`).
    func properties(cluster: KafkaConfiguration) -> [String: String] {
        let ms = KafkaConfiguration.milliseconds
        var result = [
            "enable.auto.commit": groupId == nil ? "false" : "true",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": autoOffsetReset.rawValue,
            "partition.assignment.strategy": Self.assignmentStrategy,
            "session.timeout.ms": String(ms(sessionTimeout)),
            "heartbeat.interval.ms": String(ms(heartbeatInterval)),
            "fetch.wait.max.ms": String(ms(fetchWaitMax)),
            "auto.commit.interval.ms": String(ms(autoCommitInterval)),
        ]
        result["group.id"] = groupId
        result.merge(cluster.commonProperties()) { _, cluster in cluster }
        if groupId == nil { result["group.id"] = nil }
        return result
    }
}
