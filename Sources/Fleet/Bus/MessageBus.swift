/// What the fleet's stages need from a log of messages: publish records, and consume a topic as a member of a
/// group that splits its partitions, acknowledging each record after processing it (at-least-once).
///
/// Implementations: `KafkaBus`, on librdkafka (a real cluster or the embedded broker) or on `InMemoryKafkaCluster`
/// (tests of stage logic with no broker and no process); `WorkerBus` wraps one for a stage process.
public protocol MessageBus: Sendable {
    /// Appends records; returns once the log has them (for Kafka: once the broker acknowledged them).
    func publish(_ records: [OutgoingRecord]) async throws
    /// Joins `group` on `topics`; members of one group share the partitions.
    func subscribe(group: String, topics: [String]) async throws -> any BusSubscription
    /// Reads `topics` from their beginning as no group's member: every reader sees every record, nothing is
    /// committed, and acknowledging does nothing. For the policy topic, which every process reads whole.
    func read(topics: [String]) async throws -> any BusSubscription
    /// How many partitions `topic` has, or nil when it does not exist; asking never creates it.
    func partitionCount(of topic: String) async throws -> Int?
}

/// One group member's view of its topics.
public protocol BusSubscription: AnyObject, Sendable {
    /// The next record of an assigned partition, waiting for one; nil once closed.
    func next() async throws -> BusRecord?
    /// Marks `record` processed. Records never acknowledged are delivered again after a rebalance or restart.
    func acknowledge(_ record: BusRecord) throws
    /// Leaves the group, committing what was acknowledged.
    func close() async throws
}

public struct OutgoingRecord: Sendable, Hashable {
    public var topic: String
    /// Records with the same key go to the same partition, in order.
    public var key: [UInt8]?
    public var value: [UInt8]

    public init(topic: String, key: [UInt8]?, value: [UInt8]) {
        self.topic = topic
        self.key = key
        self.value = value
    }

    public init(topic: String, key: String, value: [UInt8]) {
        self.init(topic: topic, key: Array(key.utf8), value: value)
    }
}

public struct BusRecord: Sendable, Hashable {
    public var topic: String
    public var partition: Int
    public var offset: Int64
    public var key: [UInt8]?
    public var value: [UInt8]

    public init(topic: String, partition: Int, offset: Int64, key: [UInt8]?, value: [UInt8]) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
    }
}
