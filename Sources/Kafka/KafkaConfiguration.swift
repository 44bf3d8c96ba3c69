/// How to reach a Kafka cluster and how every client (producer, consumer, admin) should behave.
///
/// Typed fields cover what tao tunes; `properties` passes any other librdkafka property through unchanged
/// (SASL, SSL, compression, …) and wins over the typed fields when both name the same property.
/// See librdkafka's CONFIGURATION.md for the property names.
public struct KafkaConfiguration: Sendable, Hashable {
    /// Comma-separated `host:port` list, librdkafka's `bootstrap.servers`.
    public var bootstrapServers: String
    /// `client.id`, shown in broker logs and metrics.
    public var clientId: String
    /// How long a produced message may wait for an acknowledgement before `send` fails
    /// (`message.timeout.ms`). This is what keeps a producer from hanging when no broker is reachable.
    public var messageTimeout: Duration
    /// Whether producers are idempotent (`enable.idempotence`): no duplicates or reordering from retries.
    public var idempotentProducer: Bool
    /// Raw librdkafka properties, applied last.
    public var properties: [String: String]

    public init(
        bootstrapServers: String,
        clientId: String = "tao",
        messageTimeout: Duration = .seconds(30),
        idempotentProducer: Bool = true,
        properties: [String: String] = [:]
    ) {
        self.bootstrapServers = bootstrapServers
        self.clientId = clientId
        self.messageTimeout = messageTimeout
        self.idempotentProducer = idempotentProducer
        self.properties = properties
    }

    /// Checks every property against librdkafka, throwing `.invalidConfiguration` naming the first bad one.
    public func validate() throws {
        _ = try RDKafkaConfig.validated(producerProperties())
    }

    /// Properties every client gets.
    func commonProperties() -> [String: String] {
        var result = ["bootstrap.servers": bootstrapServers, "client.id": clientId]
        result.merge(properties) { _, raw in raw }
        return result
    }

    /// Properties for a producer: common ones plus delivery timeout and idempotence.
    func producerProperties() -> [String: String] {
        var result = [
            "message.timeout.ms": String(Self.milliseconds(messageTimeout)),
            "enable.idempotence": idempotentProducer ? "true" : "false",
        ]
        result.merge(commonProperties()) { _, common in common }
        return result
    }

    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
