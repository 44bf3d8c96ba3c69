import Foundation

extension KafkaConfiguration {
    /// What `readEnvironment` found: the configuration, and the `TAO_KAFKA_` variables it skipped.
    public struct Environment: Sendable, Hashable {
        public var configuration: KafkaConfiguration
        /// `TAO_KAFKA_<X>` variables whose property name librdkafka does not know, sorted, e.g. the
        /// `TAO_KAFKA_PORT=tcp://10.0.0.1:9092` and `TAO_KAFKA_SERVICE_HOST` that Kubernetes injects for a service
        /// named `tao-kafka`. Not applied; log them as a warning (a typo in a property name also lands here).
        public var ignoredVariables: [String]

        public init(configuration: KafkaConfiguration, ignoredVariables: [String]) {
            self.configuration = configuration
            self.ignoredVariables = ignoredVariables
        }

        /// One line for a log, or nil when nothing was ignored.
        public var warning: String? {
            guard !ignoredVariables.isEmpty else { return nil }
            return "ignored \(ignoredVariables.joined(separator: ", ")): librdkafka has no such property "
                + "(Kubernetes service variables look like this; a misspelt property too)"
        }
    }

    /// The environment variable holding `bootstrap.servers`.
    public static let bootstrapVariable = "TAO_KAFKA_BOOTSTRAP"
    /// The prefix of environment variables passed through as librdkafka properties.
    public static let propertyPrefix = "TAO_KAFKA_"
    /// Where clients look when nothing says otherwise.
    public static let defaultBootstrapServers = "127.0.0.1:9092"

    /// Reads a configuration from the environment, and says which variables it ignored.
    ///
    /// `TAO_KAFKA_BOOTSTRAP` gives the bootstrap servers (default `127.0.0.1:9092`); every other
    /// `TAO_KAFKA_<PROPERTY>` becomes a librdkafka property: lowercased with `_` → `.`, so
    /// `TAO_KAFKA_SASL_MECHANISM=PLAIN` sets `sasl.mechanism=PLAIN`. A variable whose property librdkafka does not
    /// know is skipped and listed in `ignoredVariables`. A known property with a value librdkafka refuses throws
    /// `.invalidConfiguration` naming the variable and the property, never the value (it may be a password).
    public static func readEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Environment {
        var configuration = KafkaConfiguration(
            bootstrapServers: environment[bootstrapVariable] ?? defaultBootstrapServers)
        var ignored: [String] = []
        for (variable, value) in environment.sorted(by: { $0.key < $1.key })
        where variable.hasPrefix(propertyPrefix) && variable != bootstrapVariable {
            let property = propertyName(forVariable: variable)
            switch RDKafkaConfig.check(property, value) {
            case nil:
                configuration.properties[property] = value
            case .unknownProperty?:
                ignored.append(variable)
            case .invalidValue(let reason)?:
                let error = RDKafkaConfig.error(rejecting: property, .invalidValue(reason: reason))
                throw KafkaError(
                    .invalidConfiguration, "environment variable \(variable): \(error.message)",
                    hint: "fix or unset \(variable); \(error.hint ?? "")")
            }
        }
        return Environment(configuration: configuration, ignoredVariables: ignored)
    }

    /// `readEnvironment(environment).configuration`: the same configuration, without the list of ignored
    /// variables. Prefer `readEnvironment` where there is a logger to warn with.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> KafkaConfiguration {
        try readEnvironment(environment).configuration
    }

    /// `TAO_KAFKA_SASL_MECHANISM` → `sasl.mechanism`.
    public static func propertyName(forVariable variable: String) -> String {
        String(variable.dropFirst(propertyPrefix.count)).lowercased().replacingOccurrences(of: "_", with: ".")
    }
}
