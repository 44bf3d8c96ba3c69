import ArgumentParser
import RunConfiguration

extension ArgumentHelp {
    /// The help of a flag that overrides configuration key `path`: the key's own summary, default and environment
    /// variable, so `--help` and docs/configuration.md say the same thing.
    public static func key(_ path: String, valueName: String? = nil) -> ArgumentHelp {
        guard let key = ConfigurationKeys.key(path) else { preconditionFailure("no configuration key \(path)") }
        let value = key.text(in: RunConfiguration())
        let shown = value == "\"\"" ? "" : " (default \(value))"
        return ArgumentHelp(
            key.summary + shown, discussion: "Key \(path) in the configuration file; environment \(key.variable).",
            valueName: valueName)
    }
}
