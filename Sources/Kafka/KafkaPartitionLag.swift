/// How far a consumer group is behind on one assigned partition.
public struct KafkaPartitionLag: Sendable, Hashable {
    public var partition: KafkaTopicPartition
    /// The offset the next produced message will get (log end).
    public var highWatermark: Int64
    /// The group's committed offset (next message to read after a restart), if any was committed.
    public var committed: Int64?
    /// This consumer's fetch position (next message it will yield), if it has one yet.
    public var position: Int64?
    /// `highWatermark − committed`, falling back to the position and then the log start when nothing is committed:
    /// the number of messages a restarted group would still have to process.
    public var lag: Int64

    public init(partition: KafkaTopicPartition, highWatermark: Int64, committed: Int64?, position: Int64?, lag: Int64) {
        self.partition = partition
        self.highWatermark = highWatermark
        self.committed = committed
        self.position = position
        self.lag = lag
    }
}
