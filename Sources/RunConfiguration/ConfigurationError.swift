/// A configuration that cannot be used. Every case names the key, where the bad value came from (file and line,
/// variable or flag) and what is allowed, so the message says what to change and where.
public enum ConfigurationError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    /// Not YAML at all: libyaml's problem at a line.
    case syntax(path: String, line: Int, problem: String)
    case unknownKey(key: String, source: ConfigurationSource, known: [String])
    case badValue(key: String, source: ConfigurationSource, value: String, allowed: String)
    /// A section (`generator:`) that is not a mapping of keys.
    case notASection(key: String, source: ConfigurationSource)
    case missing(key: String, variable: String, flag: String?)
    /// `--set` without `=`.
    case malformedOverride(String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read the configuration file \(path): \(reason)"
        case .syntax(let path, let line, let problem):
            return "\(path):\(line): not valid YAML: \(problem)"
        case .unknownKey(let key, let source, let known):
            let near = Self.nearest(key, in: known).map { "; did you mean \($0)?" } ?? ""
            let section = key.split(separator: ".").dropLast().joined(separator: ".")
            let siblings = known.filter { section.isEmpty ? !$0.contains(".") : $0.hasPrefix(section + ".") }
            let list = siblings.isEmpty ? known.map { String($0.split(separator: ".")[0]) } : siblings
            return "\(source): unknown key '\(key)'\(near) Known keys here: "
                + Array(Set(list)).sorted().joined(separator: ", ") + " (docs/configuration.md lists them all)"
        case .badValue(let key, let source, let value, let allowed):
            return "\(source): \(key) cannot be '\(value)': it must be \(allowed)"
        case .notASection(let key, let source):
            return "\(source): '\(key)' is a section: give it keys on the lines below (e.g. '\(key):\\n  key: value')"
        case .missing(let key, let variable, let flag):
            let flagText = flag.map { ", \($0)" } ?? ""
            return "\(key) is required: set it in the configuration file (--config), in \(variable)\(flagText), "
                + "or with --set \(key)=VALUE"
        case .malformedOverride(let text):
            return "--set '\(text)' is not key=value (e.g. --set generator.temperature=0.7)"
        }
    }

    /// The known key closest to `key` by edit distance, if it is close enough to be a typo.
    static func nearest(_ key: String, in known: [String]) -> String? {
        let scored = known.map { ($0, editDistance(Array(key), Array($0))) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, key.count / 4) else { return nil }
        return best
    }

    private static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }
}
