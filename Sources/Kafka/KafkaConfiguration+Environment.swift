import Foundation

extension KafkaConfiguration {
    /// The environment variable holding `bootstrap.servers`.
    public static let bootstrapVariable = "TAO_KAFKA_BOOTSTRAP"
    /// The prefix of environment variables passed through as librdkafka properties.
    public static let propertyPrefix = "TAO_KAFKA_"
    /// Where clients look when nothing says otherwise.
    public static let defaultBootstrapServers = "127.0.0.1:9092"

    /// Reads a configuration from the environment.
    ///
    /// `TAO_KAFKA_BOOTSTRAP` gives the bootstrap servers (default `127.0.0.1:9092`); every other
    /// `TAO_KAFKA_<PROPERTY>` becomes a librdkafka property: lowercased with `_` → `.`, so
    /// `TAO_KAFKA_SASL_MECHANISM=PLAIN` sets `sasl.mechanism=PLAIN`.
    /// Throws `.invalidConfiguration` naming the variable, the property and librdkafka's message.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KafkaConfiguration {
        var configuration = KafkaConfiguration(
            bootstrapServers: environment[bootstrapVariable] ?? defaultBootstrapServers)
        for (variable, value) in environment.sorted(by: { $0.key < $1.key })
        where variable.hasPrefix(propertyPrefix) && variable != bootstrapVariable {
            let property = propertyName(forVariable: variable)
            do {
                _ = try RDKafkaConfig.validated([property: value])
            } catch let error as KafkaError {
                throw KafkaError(
                    .invalidConfiguration, "environment variable \(variable): \(error.message)",
                    hint: "fix or unset \(variable)", rdkafkaName: error.rdkafkaName)
            }
            configuration.properties[property] = value
        }
        return configuration
    }

    /// `TAO_KAFKA_SASL_MECHANISM` → `sasl.mechanism`.
    public static func propertyName(forVariable variable: String) -> String {
        String(variable.dropFirst(propertyPrefix.count)).lowercased().replacingOccurrences(of: "_", with: ".")
    }
}
