import CRdKafka
import Logging
import Synchronization

/// An in-process Kafka cluster for tests and `tao broker`: librdkafka's mock cluster with `brokers` brokers
/// (ids 1…N) listening on loopback. Any Kafka client (this module, `kcat`, confluent-kafka) can use
/// `bootstrapServers`.
///
/// Limits of librdkafka 2.0.2's mock cluster, read in its source (`src/rdkafka_mock*.c` at tag v2.0.2) and
/// observed in tests; design around them:
/// - Memory only: everything is gone after `shutdown()`.
/// - Each partition keeps at most 5 MiB (and 100 000 batches): appending a batch drops the oldest batches until
///   the total fits, so a batch is lost when it plus the next one exceed 5 MiB. Keep big blobs out of Kafka.
/// - Fetch ignores `isolation.level` (read_committed is not honoured): consumers see aborted transactional data.
/// - TxnOffsetCommit answers success but stores nothing: transactional offset commits are lost.
/// - No zombie fencing beyond the producer-epoch check of a transactional id.
/// - A topic named in a metadata request is auto-created with 4 partitions: create topics first
///   (`createTopics`) or a typo makes a 4-partition topic.
/// - Group membership: the first member waits 3 s before the group forms; a member joining (or leaving) an
///   existing group waits up to `session.timeout.ms` − 1 s for the rebalance. Use short session timeouts in tests.
/// - Every member of a group must list the same first assignment strategy; otherwise the mock asserts and
///   aborts the whole process (tao uses `KafkaConsumerConfiguration.assignmentStrategy` everywhere).
/// - The admin API (CreateTopics & co.) is not implemented: use this type's `createTopics`.
/// - The mock picks each partition's leader at random (and ignores the replication factor asked for);
///   `createTopic` pins leaders round-robin instead.
/// - Partition leaders never move on their own: while a broker is down, its partitions are unavailable and
///   producers retry until it is back or `message.timeout.ms` expires.
public final class EmbeddedBroker: KafkaTopicCreating {
    private let cluster: Mutex<(client: RDKafkaClient, mock: OpaquePointer)?>
    private let blocking = RDKafkaBlockingQueue(label: "tao.kafka.embedded-broker")
    /// Comma-separated `127.0.0.1:port` addresses of every broker.
    public let bootstrapServers: String
    public let brokerCount: Int

    /// Starts `brokers` brokers on loopback ports chosen by the OS.
    public init(brokers: Int = 3, logger: Logger = Logger(label: "tao.kafka.embedded-broker")) throws {
        precondition(brokers >= 1, "an embedded cluster needs at least one broker")
        // The mock cluster needs an rd_kafka_t for its bookkeeping; this one never connects anywhere.
        let client = try RDKafkaClient(
            .producer, properties: ["client.id": "tao-embedded-broker", "log_level": "3"],
            context: RDKafkaClientContext(logger: logger, bootstrapServers: "(embedded)"))
        guard let mock = rd_kafka_mock_cluster_new(client.handle, Int32(brokers)) else {
            throw KafkaError(.embeddedBroker, "cannot start an embedded Kafka cluster (no loopback listener?)")
        }
        bootstrapServers = String(cString: rd_kafka_mock_cluster_bootstraps(mock))
        brokerCount = brokers
        cluster = Mutex((client, mock))
    }

    deinit {
        Self.destroy(cluster.withLock { state in defer { state = nil }; return state })
    }

    /// Creates `name` with `partitions` partitions; partition p is led by broker (p mod brokerCount) + 1
    /// (the mock would pick leaders at random, making outage tests depend on luck). Existing topics succeed.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) async throws {
        let replicas = Int32(min(max(replicationFactor, 1), brokerCount))
        let brokers = Int32(brokerCount)
        let error = try await withMock { mock in
            let created = rd_kafka_mock_topic_create(mock, name, Int32(partitions), replicas)
            guard created == RD_KAFKA_RESP_ERR_NO_ERROR else { return created }
            for partition in 0..<Int32(partitions) {
                let error = rd_kafka_mock_partition_set_leader(mock, name, partition, partition % brokers + 1)
                guard error == RD_KAFKA_RESP_ERR_NO_ERROR else { return error }
            }
            return created
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR || error == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS else {
            throw KafkaError(.topicCreationFailed, "cannot create topic \(name): \(RDKafkaError.text(error))")
        }
    }

    public func createTopics(_ topics: [KafkaTopicSpec]) async throws {
        for topic in topics {
            try await createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
        }
    }

    /// Takes broker `id` (1…brokerCount) down: its connections close and new ones are refused, same port kept.
    public func setBrokerDown(_ id: Int32) async throws {
        try await setBroker(id, up: false)
    }

    /// Brings broker `id` back on the same port.
    public func setBrokerUp(_ id: Int32) async throws {
        try await setBroker(id, up: true)
    }

    /// Stops every broker and frees the cluster. Clients still connected see connection errors. Idempotent.
    public func shutdown() async {
        _ = try? await blocking.run { [self] in
            Self.destroy(cluster.withLock { state in defer { state = nil }; return state })
        }
    }

    private func setBroker(_ id: Int32, up: Bool) async throws {
        guard (1...Int32(brokerCount)).contains(id) else {
            throw KafkaError(.embeddedBroker, "no broker \(id): the embedded cluster has brokers 1…\(brokerCount)")
        }
        let error = try await withMock {
            up ? rd_kafka_mock_broker_set_up($0, id) : rd_kafka_mock_broker_set_down($0, id)
        }
        guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
            throw KafkaError(.embeddedBroker, "cannot set broker \(id) \(up ? "up" : "down"): \(RDKafkaError.text(error))")
        }
    }

    /// Runs `body` with the mock cluster on the serial blocking queue, where `shutdown` also runs, so the
    /// cluster cannot be destroyed underneath it. librdkafka's mock API is thread-safe (it posts to the mock
    /// thread and waits for the answer).
    private func withMock(
        _ body: @escaping @Sendable (OpaquePointer) -> rd_kafka_resp_err_t
    ) async throws -> rd_kafka_resp_err_t {
        try await blocking.run { [self] in
            try cluster.withLock { state in
                guard let mock = state?.mock else {
                    throw KafkaError(.closed, "the embedded broker was shut down")
                }
                return body(mock)
            }
        }
    }

    private static func destroy(_ state: (client: RDKafkaClient, mock: OpaquePointer)?) {
        guard let state else { return }
        rd_kafka_mock_cluster_destroy(state.mock)
        withExtendedLifetime(state.client) {}
    }
}
