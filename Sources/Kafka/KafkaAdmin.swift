import Blocking
import Logging

/// Cluster administration through librdkafka's admin API. Today: creating topics.
///
/// librdkafka's mock cluster (`EmbeddedBroker`, `tao broker`) does not implement CreateTopics and reports
/// no controller, so admin requests to it time out; use `EmbeddedBroker.createTopics` there (both conform
/// to `KafkaTopicCreating`).
public final class KafkaAdmin: KafkaTopicCreating {
    private let client: RDKafkaClient
    private let blocking = BlockingWorker(label: "tao.kafka.admin", qos: .userInitiated)
    /// How long to wait for the controller's answer.
    public let timeout: Duration

    public init(
        configuration: KafkaConfiguration, timeout: Duration = .seconds(30),
        logger: Logger = Logger(label: "tao.kafka.admin")
    ) throws {
        self.timeout = timeout
        client = try RDKafkaClient(
            .producer, properties: configuration.commonProperties(),
            context: RDKafkaClientContext(logger: logger, bootstrapServers: configuration.bootstrapServers))
    }

    /// The `host:port` of every broker in the cluster (a metadata request): a cheap reachability probe.
    /// Throws `.brokerUnreachable` when no broker answers within `timeout`.
    public func brokerAddresses(timeout: Duration = .seconds(10)) async throws -> [String] {
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        return try await blocking.run { try client.metadata(allTopics: false, timeoutMs: milliseconds).brokers }
    }

    /// Creates `topics` (`rd_kafka_CreateTopics`); topics that already exist count as created.
    /// Throws `.topicCreationFailed` naming every topic that failed, or `.brokerUnreachable`.
    public func createTopics(_ topics: [KafkaTopicSpec]) async throws {
        guard !topics.isEmpty else { return }
        let client = client
        let milliseconds = Int32(KafkaConfiguration.milliseconds(timeout))
        try await blocking.run { try client.createTopics(topics, timeoutMs: milliseconds) }
    }
}
