/// Where a configuration value came from, lowest precedence first: the key's default, the file, an environment
/// variable, a flag. `--dry-run` prints it beside every value.
public enum ConfigurationSource: Equatable, Sendable, CustomStringConvertible {
    case defaultValue
    /// A line of the configuration file.
    case file(path: String, line: Int)
    case environment(variable: String)
    /// A typed flag (`--temperature`) or `--set key=value`.
    case flag(String)

    public var description: String {
        switch self {
        case .defaultValue: "default"
        case .file(let path, let line): "\(path):\(line)"
        case .environment(let variable): "env \(variable)"
        case .flag(let flag): "flag \(flag)"
        }
    }
}
