import CRdKafka

/// Builds `rd_kafka_conf_t` handles from string properties.
enum RDKafkaConfig {
    /// A new `rd_kafka_conf_t` with every property set; the caller owns it until `rd_kafka_new` takes it.
    /// Throws `.invalidConfiguration` naming the first property librdkafka rejects, with librdkafka's message.
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            var reason = [CChar](repeating: 0, count: 512)
            if rd_kafka_conf_set(conf, name, value, &reason, reason.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                let message = RDKafkaError.string(reason)
                throw KafkaError(
                    .invalidConfiguration, "invalid librdkafka property \(name)=\(value): \(message)",
                    hint: "see librdkafka's CONFIGURATION.md for valid names and values")
            }
        }
        return conf
    }

    /// Checks `properties` by building and discarding a conf.
    static func validated(_ properties: [String: String]) throws -> [String: String] {
        rd_kafka_conf_destroy(try make(properties))
        return properties
    }
}
