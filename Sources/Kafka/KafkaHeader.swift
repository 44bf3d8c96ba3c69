/// One Kafka record header. Keys may repeat within a message; order is kept.
public struct KafkaHeader: Sendable, Hashable {
    public var key: String
    /// The header's bytes; nil is a header with no value (distinct from an empty one on the wire).
    public var value: [UInt8]?

    public init(key: String, value: [UInt8]?) {
        self.key = key
        self.value = value
    }

    public init(key: String, value: String) {
        self.init(key: key, value: Array(value.utf8))
    }
}
