/// Everything that can go wrong in the Kafka layer, as a value that says what failed and what to do about it.
///
/// `description` reads as one sentence for a log or a terminal:
/// "cannot reach a broker at 127.0.0.1:9092: message not delivered within 30000 ms — is the broker running? …".
public struct KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broad class of failure, for callers that want to react (retry, give up, fix configuration).
    public enum Code: Sendable, Hashable {
        /// A librdkafka property name or value was rejected.
        case invalidConfiguration
        /// No broker answered within the configured timeouts.
        case brokerUnreachable
        /// A produced message was not acknowledged by the cluster.
        case deliveryFailed
        /// The record itself is too large: bigger than the producer's `message.max.bytes`, or refused by the
        /// broker (`MSG_SIZE_TOO_LARGE`), or bigger than `InMemoryKafkaCluster.maxMessageBytes`. The record's fault,
        /// not the cluster's: retrying the same record will fail again.
        case messageTooLarge
        /// A consumer-group operation (subscribe, commit, seek, lag, close) failed.
        case consumerFailed
        /// The client was already closed when the call was made.
        case closed
        /// Topic creation through the admin API failed.
        case topicCreationFailed
        /// The embedded (mock) broker could not do what was asked.
        case embeddedBroker
        /// librdkafka reported a fatal error; the client must be recreated.
        case fatal
    }

    public let code: Code
    /// What failed, including librdkafka's own message where there is one.
    public let message: String
    /// What to do about it, if there is something sensible to suggest.
    public let hint: String?
    /// librdkafka's error name (e.g. `_MSG_TIMED_OUT`, `UNKNOWN_TOPIC_OR_PART`), when the error came from it.
    public let rdkafkaName: String?

    public init(_ code: Code, _ message: String, hint: String? = nil, rdkafkaName: String? = nil) {
        self.code = code
        self.message = message
        self.hint = hint
        self.rdkafkaName = rdkafkaName
    }

    public var description: String {
        var text = message
        if let rdkafkaName { text += " [\(rdkafkaName)]" }
        if let hint { text += " — \(hint)" }
        return text
    }

    /// The hint given whenever a record is too large.
    static let messageTooLargeHint =
        "keep large payloads out of Kafka (send them by reference through the blob store) or raise message.max.bytes "
        + "on the client together with the topic's max.message.bytes"

    /// The hint given whenever the cluster cannot be reached.
    static let reachabilityHint =
        "is the broker running? set TAO_KAFKA_BOOTSTRAP or --kafka-bootstrap (or run `tao broker`)"
}
