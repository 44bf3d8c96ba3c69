import ArgumentParser
import Foundation
import Kafka
import RunConfiguration

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

    /// The flags that were given, as overrides of `kafka.bootstrap` and `kafka.properties`.
    public var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(bootstrap, "kafka.bootstrap", "--kafka-bootstrap"),
            .given(options, "kafka.properties", "--kafka-option"),
        ]
        return given.compactMap { $0 }
    }

    /// True when neither `--kafka-bootstrap` nor `TAO_KAFKA_BOOTSTRAP` names a cluster.
    public var bootstrapGiven: Bool {
        bootstrap != nil || ProcessInfo.processInfo.environment[KafkaConfiguration.bootstrapVariable] != nil
    }

    public func validate() throws {
        for option in options where Self.split(option) == nil {
            // Not echoed: a mistyped `sasl.password:secret` would print the secret.
            throw ValidationError("a --kafka-option is not key=value (e.g. --kafka-option acks=all); its text is not shown, it may hold a secret")
        }
        do {
            // Checked without the warning about skipped variables: `configuration()` gives it once, when the stage
            // connects.
            try resolved(ProcessInfo.processInfo.environment).configuration.validate()
        } catch let error as KafkaError {
            throw ValidationError(error.description)
        }
    }

    /// The cluster configuration these options and the environment describe. `TAO_KAFKA_*` variables that name no
    /// librdkafka property (Kubernetes injects `TAO_KAFKA_PORT` and the like for a service named tao-kafka) are
    /// skipped, with one warning on standard error.
    public func configuration(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KafkaConfiguration {
        let (configuration, warning) = try resolved(environment)
        if let warning { FileHandle.standardError.write(Data("tao: \(warning)\n".utf8)) }
        return configuration
    }

    /// The configuration, and the warning about skipped `TAO_KAFKA_*` variables if there is one.
    private func resolved(_ environment: [String: String]) throws -> (configuration: KafkaConfiguration, warning: String?) {
        let read = try KafkaConfiguration.readEnvironment(environment)
        var configuration = read.configuration
        if let bootstrap { configuration.bootstrapServers = bootstrap }
        for option in options {
            guard let (key, value) = Self.split(option) else { continue }
            configuration.properties[key] = value
        }
        return (configuration, read.warning)
    }

    private static func split(_ option: String) -> (String, String)? {
        guard let equals = option.firstIndex(of: "="), equals != option.startIndex else { return nil }
        return (String(option[..<equals]), String(option[option.index(after: equals)...]))
    }
}
