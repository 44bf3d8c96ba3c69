import CRdKafka
import Foundation

/// Builds `rd_kafka_conf_t` handles from string properties.
///
/// Values never appear in an error: a rejected `sasl.password` or `ssl.key.password` would otherwise end up in a
/// log or a terminal. Errors name the property, and carry librdkafka's own message only when it cannot contain
/// the value (see `safeReason`).
enum RDKafkaConfig {
    /// Why librdkafka refused one property.
    enum Rejection: Sendable, Hashable {
        /// librdkafka knows no property of that name (`RD_KAFKA_CONF_UNKNOWN`); its message names only the property.
        case unknownProperty(reason: String)
        /// The property exists but the value was refused (`RD_KAFKA_CONF_INVALID`); the reason is librdkafka's
        /// message when it cannot contain the value, else nil.
        case invalidValue(reason: String?)
    }

    /// A new `rd_kafka_conf_t` with every property set; the caller owns it until `rd_kafka_new` takes it.
    /// Throws `.invalidConfiguration` naming the first property librdkafka rejects (never its value).
    static func make(_ properties: [String: String]) throws -> OpaquePointer {
        let conf = rd_kafka_conf_new()!
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            if let rejection = set(conf, name, value) {
                rd_kafka_conf_destroy(conf)
                throw error(rejecting: name, rejection)
            }
        }
        return conf
    }

    /// Checks `properties` by building and discarding a conf.
    static func validated(_ properties: [String: String]) throws -> [String: String] {
        rd_kafka_conf_destroy(try make(properties))
        return properties
    }

    /// What librdkafka says about setting `name` to `value` on a fresh conf: nil when it accepts it.
    static func check(_ name: String, _ value: String) -> Rejection? {
        let conf = rd_kafka_conf_new()!
        defer { rd_kafka_conf_destroy(conf) }
        return set(conf, name, value)
    }

    /// The `.invalidConfiguration` error for a refused property, naming it and not its value.
    static func error(rejecting name: String, _ rejection: Rejection) -> KafkaError {
        let hint = "see librdkafka's CONFIGURATION.md for valid names and values"
        switch rejection {
        case .unknownProperty(let reason):
            return KafkaError(.invalidConfiguration, "unknown librdkafka property \(name): \(reason)", hint: hint)
        case .invalidValue(let reason):
            let why = reason ?? "librdkafka refused the value (not shown, it may be a secret)"
            return KafkaError(.invalidConfiguration, "invalid value for librdkafka property \(name): \(why)", hint: hint)
        }
    }

    private static func set(_ conf: OpaquePointer, _ name: String, _ value: String) -> Rejection? {
        var reason = [CChar](repeating: 0, count: 512)
        switch rd_kafka_conf_set(conf, name, value, &reason, reason.count) {
        case RD_KAFKA_CONF_OK:
            return nil
        case RD_KAFKA_CONF_UNKNOWN:
            return .unknownProperty(reason: RDKafkaError.string(reason))
        default:
            return .invalidValue(
                reason: safeReason(RDKafkaError.string(reason), name: name, value: value, bufferSize: reason.count))
        }
    }

    /// librdkafka's message about an invalid value, or nil when it may contain (part of) the value.
    ///
    /// librdkafka 2.0.2 (`rdkafka_conf.c`) quotes the value (`Invalid value "…" for configuration property "…"`),
    /// appends it (`…property "…": <value>`), quotes one list element of it, or prints it as a parsed number
    /// (`value 5 is outside allowed range …`). So a message is kept only if, without the quoted property name,
    /// it has no quote and no digit, and does not contain the value: `Expected bool value for "x": true or false`
    /// is kept, every message above is dropped. A message that filled the buffer may end in a cut-off value, so
    /// it is dropped too.
    static func safeReason(_ message: String, name: String, value: String, bufferSize: Int = 512) -> String? {
        let rest = message.replacingOccurrences(of: "\"\(name)\"", with: "")
        let echoes = rest.contains("\"") || rest.contains(where: \.isNumber) || (!value.isEmpty && message.contains(value))
        let truncated = message.utf8.count >= bufferSize - 1
        return echoes || truncated || message.isEmpty ? nil : message
    }
}
