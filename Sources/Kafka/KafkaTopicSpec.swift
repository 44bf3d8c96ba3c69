/// A topic to create: name, partition count, replication and topic-level configuration.
public struct KafkaTopicSpec: Sendable, Hashable {
    public var name: String
    public var partitions: Int
    /// Copies of each partition; -1 lets the broker use its `default.replication.factor`.
    public var replicationFactor: Int
    /// Topic-level configuration (e.g. `retention.ms`), passed to the broker unchanged.
    public var config: [String: String]

    public init(name: String, partitions: Int, replicationFactor: Int = -1, config: [String: String] = [:]) {
        self.name = name
        self.partitions = partitions
        self.replicationFactor = replicationFactor
        self.config = config
    }
}

/// Something that can create topics: `KafkaAdmin` on a real cluster, `EmbeddedBroker` in-process.
/// Creating a topic that already exists succeeds, so callers may create their topics at every start.
public protocol KafkaTopicCreating: Sendable {
    func createTopics(_ topics: [KafkaTopicSpec]) async throws
}
