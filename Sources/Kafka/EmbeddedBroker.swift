import Blocking
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
/// - The admin API (CreateTopics & co.) is not implemented: use this type's `createTopics`. Nor is ListGroups:
///   to see what clients asked, create the broker with `recordingRequests: true` (`receivedRequests()`).
/// - Produce does not check record sizes: `failNextProduceRequests(_:with: .messageTooLarge)` stands in for a
///   broker refusing a record as too large.
/// - The mock picks each partition's leader at random (and ignores the replication factor asked for);
///   `createTopic` pins leaders round-robin instead.
/// - Partition leaders never move on their own: while a broker is down, its partitions are unavailable and
///   producers retry until it is back or `message.timeout.ms` expires.
public final class EmbeddedBroker: KafkaTopicCreating {
    /// The running cluster; nil after `shutdown()`.
    private let cluster: Mutex<RDKafkaMockCluster?>
    let blocking = BlockingWorker(label: "tao.kafka.embedded-broker", qos: .userInitiated)
    /// Comma-separated `127.0.0.1:port` addresses of every broker.
    public let bootstrapServers: String
    public let brokerCount: Int

    /// Starts `brokers` brokers on loopback ports chosen by the OS.
    ///
    /// With `recordingRequests`, the brokers count every request they receive, by API (`receivedRequests()`), so
    /// a test can check what a client did or did not ask (e.g. that a group-less reader never joined a group).
    /// Recording turns on the mock's debug log; leave it off otherwise.
    public init(
        brokers: Int = 3, recordingRequests: Bool = false,
        logger: Logger = Logger(label: "tao.kafka.embedded-broker")
    ) throws {
        precondition(brokers >= 1, "an embedded cluster needs at least one broker")
        let cluster = try RDKafkaMockCluster(
            brokers: Int32(brokers), logger: logger, recordingRequests: recordingRequests)
        bootstrapServers = cluster.bootstrapServers
        brokerCount = brokers
        self.cluster = Mutex(cluster)
    }

    deinit {
        _ = cluster.withLock { state in defer { state = nil }; return state }
    }

    /// Creates `name` with `partitions` partitions; partition p is led by broker (p mod brokerCount) + 1
    /// (the mock would pick leaders at random, making outage tests depend on luck). Existing topics succeed.
    public func createTopic(_ name: String, partitions: Int, replicationFactor: Int = 1) async throws {
        let replicas = Int32(min(max(replicationFactor, 1), brokerCount))
        try await withCluster { try $0.createTopic(name, partitions: Int32(partitions), replicationFactor: replicas) }
    }

    public func createTopics(_ topics: [KafkaTopicSpec]) async throws {
        for topic in topics {
            try await createTopic(topic.name, partitions: topic.partitions, replicationFactor: topic.replicationFactor)
        }
    }

    /// How many requests of each Kafka API (`"Fetch"`, `"Metadata"`, `"FindCoordinator"`, `"JoinGroup"`,
    /// `"OffsetCommit"`, …) the brokers have received since they started. Empty unless the broker was created with
    /// `recordingRequests: true`, and after `shutdown()`.
    public func receivedRequests() -> [String: Int] {
        cluster.withLock { $0?.receivedRequests ?? [:] }
    }

    /// Stops every broker and frees the cluster. Clients still connected see connection errors. Idempotent.
    public func shutdown() async {
        _ = try? await blocking.run { [self] in
            // Released here, on the blocking queue, so the cluster is destroyed off the cooperative pool.
            _ = cluster.withLock { state in defer { state = nil }; return state }
        }
    }

    /// Runs `body` with the mock cluster on the serial blocking queue, where `shutdown` also runs, so the
    /// cluster cannot be destroyed underneath it.
    func withCluster<T: Sendable>(_ body: @escaping @Sendable (RDKafkaMockCluster) throws -> T) async throws -> T {
        try await blocking.run { [self] in
            let current = cluster.withLock { $0 }
            guard let current else { throw KafkaError(.closed, "the embedded broker was shut down") }
            return try body(current)
        }
    }
}
