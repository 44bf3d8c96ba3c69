/// Consumer-group settings for a `KafkaConsumer`; cluster settings come from `KafkaConfiguration`.
///
/// Delivery is at-least-once: offsets are committed automatically (`enable.auto.commit=true`) but only those
/// the caller stored with `KafkaConsumer.storeOffset(for:)` (`enable.auto.offset.store=false`), so a message
/// is committed only after it was processed.
public struct KafkaConsumerConfiguration: Sendable, Hashable {
    /// Where a group starts when it has no committed offset for a partition.
    public enum OffsetReset: String, Sendable, Hashable {
        case earliest, latest
    }

    /// The one partition assignor every tao consumer uses. Members of a group must agree (librdkafka's mock
    /// cluster aborts the process when they don't); `range` is also first in librdkafka's default list, so
    /// tools like `kcat -G` can join the same group.
    public static let assignmentStrategy = "range"

    public var groupId: String
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
        groupId: String,
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

    /// librdkafka properties for a consumer: these settings, then `cluster`'s (its raw properties win).
    func properties(cluster: KafkaConfiguration) -> [String: String] {
        let ms = KafkaConfiguration.milliseconds
        var result = [
            "group.id": groupId,
            "enable.auto.commit": "true",
            "enable.auto.offset.store": "false",
            "auto.offset.reset": autoOffsetReset.rawValue,
            "partition.assignment.strategy": Self.assignmentStrategy,
            "session.timeout.ms": String(ms(sessionTimeout)),
            "heartbeat.interval.ms": String(ms(heartbeatInterval)),
            "fetch.wait.max.ms": String(ms(fetchWaitMax)),
            "auto.commit.interval.ms": String(ms(autoCommitInterval)),
        ]
        result.merge(cluster.commonProperties()) { _, cluster in cluster }
        return result
    }
}
