/// A value given on the command line for one key: a typed flag (`--temperature 0.7`) or `--set key=value`.
public struct ConfigurationOverride: Equatable, Sendable {
    /// What was given: one value as text (read as the key reads a scalar, or as YAML for a list or mapping), or
    /// a repeated flag's values (a list key's items, or a mapping key's `name=value` entries).
    public enum Value: Equatable, Sendable {
        case text(String)
        case items([String])
    }

    public var key: String
    public var value: Value
    /// The flag as the user typed it, for `--dry-run` and errors.
    public var flag: String

    public init(key: String, value: Value, flag: String) {
        self.key = key
        self.value = value
        self.flag = flag
    }

    /// `--set key=value`.
    public static func parseSet(_ text: String) throws(ConfigurationError) -> ConfigurationOverride {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw .malformedOverride(text)
        }
        let key = String(text[..<equals])
        return ConfigurationOverride(key: key, value: .text(String(text[text.index(after: equals)...])), flag: "--set \(key)")
    }
}

extension ConfigurationOverride {
    /// An override for `key` when the typed flag was given (`value` not `nil`); none otherwise.
    public static func given<T: CustomStringConvertible>(_ value: T?, _ key: String, _ flag: String) -> ConfigurationOverride? {
        value.map { ConfigurationOverride(key: key, value: .text($0.description), flag: flag) }
    }

    /// An override for a repeatable flag, when it was given at least once.
    public static func given(_ values: [String], _ key: String, _ flag: String) -> ConfigurationOverride? {
        values.isEmpty ? nil : ConfigurationOverride(key: key, value: .items(values), flag: flag)
    }

    /// An override for a flag without a value (`--standby-coordinator`), when it was given.
    public static func given(flag set: Bool, _ key: String, _ flag: String) -> ConfigurationOverride? {
        set ? ConfigurationOverride(key: key, value: .text("true"), flag: flag) : nil
    }
}
