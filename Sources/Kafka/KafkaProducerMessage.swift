import Foundation

/// A record to produce: bytes plus routing (topic, optional key and partition), headers and an optional timestamp.
public struct KafkaProducerMessage: Sendable, Hashable {
    public var topic: String
    /// An explicit partition, or nil to let the partitioner choose (by key hash when there is a key).
    public var partition: Int32?
    public var key: [UInt8]?
    public var value: [UInt8]
    public var headers: [KafkaHeader]
    /// The record's create time (millisecond precision), or nil for the time it is produced. Set it to replay
    /// records with their original times, or to give a test's records known ones.
    public var timestamp: Date?

    public init(
        topic: String, partition: Int32? = nil, key: [UInt8]? = nil, value: [UInt8], headers: [KafkaHeader] = [],
        timestamp: Date? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }

    /// A message whose key and value are UTF-8 text.
    public init(topic: String, partition: Int32? = nil, key: String?, value: String, headers: [KafkaHeader] = []) {
        self.init(
            topic: topic, partition: partition, key: key.map { Array($0.utf8) }, value: Array(value.utf8),
            headers: headers)
    }
}

/// The cluster's acknowledgement of one produced message: where it was written.
public struct KafkaDeliveryReport: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}
