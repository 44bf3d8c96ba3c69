/// A run configuration with the source of every value, as ``ConfigurationResolver`` built it.
public struct ResolvedConfiguration: Sendable {
    public var configuration: RunConfiguration
    /// Where each key's value came from; a key that nothing set is `.defaultValue`.
    public var sources: [String: ConfigurationSource]
    /// The configuration file, if one was read.
    public var file: String?
    /// Things worth a line on standard error (skipped `TAO_KAFKA_*` variables).
    public var warnings: [String] = []

    public func source(of key: String) -> ConfigurationSource { sources[key] ?? .defaultValue }
}
