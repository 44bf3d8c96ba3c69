import ArgumentParser
import Foundation
import Kafka

/// The Kafka options every tao executable shares; pull them in with `@OptionGroup var kafka: KafkaOptions`.
///
/// Precedence: `--kafka-option` beats `TAO_KAFKA_<PROPERTY>` variables; `--kafka-bootstrap` beats
/// `TAO_KAFKA_BOOTSTRAP`, which beats the default `127.0.0.1:9092`.
public struct KafkaOptions: ParsableArguments, Sendable {
    @Option(
        name: .customLong("kafka-bootstrap"),
        help: ArgumentHelp(
            "Kafka bootstrap servers, host:port[,host:port…].",
            discussion: "Defaults to $TAO_KAFKA_BOOTSTRAP, then 127.0.0.1:9092.", valueName: "servers"))
    public var bootstrap: String?

    @Option(
        name: .customLong("kafka-option"),
        help: ArgumentHelp(
            "A librdkafka property, key=value (repeatable), e.g. --kafka-option sasl.mechanism=PLAIN.",
            discussion: "Also settable as TAO_KAFKA_<PROPERTY> (uppercase, '.' → '_').", valueName: "key=value"))
    public var options: [String] = []

    public init() {}

    /// True when neither `--kafka-bootstrap` nor `TAO_KAFKA_BOOTSTRAP` names a cluster.
    public var bootstrapGiven: Bool {
        bootstrap != nil || ProcessInfo.processInfo.environment[KafkaConfiguration.bootstrapVariable] != nil
    }

    public func validate() throws {
        for option in options where Self.split(option) == nil {
            throw ValidationError("--kafka-option '\(option)' is not key=value (e.g. --kafka-option acks=all)")
        }
        do {
            try configuration().validate()
        } catch let error as KafkaError {
            throw ValidationError(error.description)
        }
    }

    /// The cluster configuration these options and the environment describe.
    public func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KafkaConfiguration {
        var configuration = try KafkaConfiguration.fromEnvironment(environment)
        if let bootstrap { configuration.bootstrapServers = bootstrap }
        for option in options {
            guard let (key, value) = Self.split(option) else { continue }
            configuration.properties[key] = value
        }
        return configuration
    }

    private static func split(_ option: String) -> (String, String)? {
        guard let equals = option.firstIndex(of: "="), equals != option.startIndex else { return nil }
        return (String(option[..<equals]), String(option[option.index(after: equals)...]))
    }
}
