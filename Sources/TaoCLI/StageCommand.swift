import ArgumentParser
import Fleet
import Kafka
import RunConfiguration

/// A stage executable (`tao-generator`, `tao-scorer`, `tao-trainer`, `tao-coordinator`): its settings come from
/// the run configuration (`--config FILE`), environment variables and its flags, in that order of precedence.
public protocol StageCommand: AsyncParsableCommand {
    var kafka: KafkaOptions { get }
    var config: ConfigurationOptions { get }
    var fleet: FleetOptions { get }
    /// The stage's own typed flags that were given.
    var stageOverrides: [ConfigurationOverride] { get }
    /// The keys this stage cannot run without (`run.blob-store`; `model.base` for the coordinator).
    static var requiredKeys: [String] { get }
}

extension StageCommand {
    public static var requiredKeys: [String] { ["run.blob-store"] }

    /// The resolved configuration; with `--dry-run` it prints it and exits.
    public func runConfiguration() throws -> RunConfiguration {
        try config.resolve(
            command: Self.configuration.commandName ?? "tao", flags: kafka.overrides + fleet.overrides + stageOverrides,
            requiring: Self.requiredKeys
        ).configuration
    }
}

extension RunConfiguration.Kafka {
    /// The librdkafka client configuration: these bootstrap servers (127.0.0.1:9092 if none) and properties, checked.
    public func clientConfiguration() throws -> KafkaConfiguration {
        var configuration = KafkaConfiguration(bootstrapServers: bootstrap ?? KafkaConfiguration.defaultBootstrapServers)
        configuration.properties = properties
        do {
            try configuration.validate()
        } catch let error as KafkaError {
            throw ValidationError(error.description)
        }
        return configuration
    }
}
