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

    /// Throws ``ConfigurationError/missing(key:variable:flag:)`` for the first of `paths` that nothing set, naming
    /// every way to set it. For keys a command needs only in some modes, checked once the mode is known.
    public func require(_ paths: [String]) throws(ConfigurationError) {
        for path in paths where sources[path] == nil {
            guard let key = ConfigurationKeys.key(path) else { preconditionFailure("no configuration key \(path)") }
            throw .missing(key: path, variable: key.variable, flag: key.flag)
        }
    }
}
