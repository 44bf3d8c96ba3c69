import Foundation
import Kafka
import Yams

/// Builds a ``RunConfiguration`` from its sources, lowest precedence first: every key's default, the YAML file,
/// environment variables, then flags (typed flags, then `--set`). Later sources replace earlier ones, except that
/// mappings (`kafka.properties`, `generator.templates`) merge entry by entry.
///
/// Every value is checked by its key as it is read, so an error names the key, the file and line (or the variable or
/// flag) and what is allowed; an unknown key in the file is an error, with the nearest known key suggested.
public enum ConfigurationResolver {
    public static func resolve(
        file: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        overrides: [ConfigurationOverride] = [], requiring required: [String] = []
    ) throws -> ResolvedConfiguration {
        var resolved = ResolvedConfiguration(configuration: RunConfiguration(), sources: [:], file: file)
        if let file { try readFile(file, into: &resolved) }
        try readEnvironment(environment, into: &resolved)
        for override in overrides { try apply(override, to: &resolved) }
        try resolved.require(required)
        return resolved
    }

    /// Reads `text` as if it were the file at `path` (for tests and for `tao config check`).
    public static func resolve(yaml text: String, path: String) throws -> ResolvedConfiguration {
        var resolved = ResolvedConfiguration(configuration: RunConfiguration(), sources: [:], file: path)
        try read(yaml: text, path: path, into: &resolved)
        return resolved
    }

    // MARK: The file

    private static func readFile(_ path: String, into resolved: inout ResolvedConfiguration) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        try read(yaml: text, path: path, into: &resolved)
    }

    private static func read(yaml text: String, path: String, into resolved: inout ResolvedConfiguration) throws {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw Self.syntaxError(error, path: path)
        }
        guard let root, !ConfigurationKey.isNull(root) else { return }
        try readSection(root, prefix: "", path: path, into: &resolved)
    }

    private static func readSection(
        _ node: Node, prefix: String, path: String, into resolved: inout ResolvedConfiguration
    ) throws {
        let here = ConfigurationSource.file(path: path, line: node.mark?.line ?? 1)
        guard let mapping = node.mapping else {
            throw ConfigurationError.notASection(key: prefix.isEmpty ? "the file" : prefix, source: here)
        }
        for (keyNode, value) in mapping {
            let name = ConfigurationKey.scalarText(keyNode) ?? "?"
            let full = prefix.isEmpty ? name : "\(prefix).\(name)"
            let source = ConfigurationSource.file(path: path, line: keyNode.mark?.line ?? 1)
            if let key = ConfigurationKeys.key(full) {
                try apply(value, to: key, source: source, into: &resolved)
            } else if ConfigurationKeys.all.contains(where: { $0.path.hasPrefix(full + ".") }) {
                if ConfigurationKey.isNull(value) { continue }
                try readSection(value, prefix: full, path: path, into: &resolved)
            } else {
                throw ConfigurationError.unknownKey(key: full, source: source, known: ConfigurationKeys.all.map(\.path))
            }
        }
    }

    static func syntaxError(_ error: YamlError, path: String) -> ConfigurationError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let detail = context.map { "\(problem) \($0.text)" } ?? problem
            return .syntax(path: path, line: mark.line, problem: detail)
        case .duplicatedKeysInMapping(let duplicates, let context):
            return .syntax(path: path, line: context.mark.line, problem: "a key is given twice: \(duplicates.joined(separator: ", "))")
        default:
            return .syntax(path: path, line: 1, problem: "\(error)")
        }
    }

    // MARK: The environment

    private static func readEnvironment(_ environment: [String: String], into resolved: inout ResolvedConfiguration) throws {
        for key in ConfigurationKeys.all where key.path != "kafka.properties" {
            guard let text = environment[key.variable] else { continue }
            try apply(try node(text, for: key, source: .environment(variable: key.variable)), to: key,
                      source: .environment(variable: key.variable), into: &resolved)
        }
        // Kafka properties: each its own TAO_KAFKA_<PROPERTY>, the rule the Kafka layer has always had.
        let ownVariables = Set(ConfigurationKeys.all.map(\.variable))
        let kafka = try KafkaConfiguration.readEnvironment(environment.filter { !ownVariables.contains($0.key) })
        if let warning = kafka.warning { resolved.warnings.append(warning) }
        for (property, value) in kafka.configuration.properties.sorted(by: { $0.key < $1.key }) {
            resolved.configuration.kafka.properties[property] = value
            resolved.sources["kafka.properties"] = .environment(variable: "TAO_KAFKA_*")
        }
    }

    // MARK: Flags

    private static func apply(_ override: ConfigurationOverride, to resolved: inout ResolvedConfiguration) throws {
        let source = ConfigurationSource.flag(override.flag)
        guard let key = ConfigurationKeys.key(override.key) else {
            throw ConfigurationError.unknownKey(key: override.key, source: source, known: ConfigurationKeys.all.map(\.path))
        }
        let value: Node
        switch override.value {
        case .text(let text):
            value = try node(text, for: key, source: source)
        case .items(let items) where key.shape == .list:
            value = Node(items.map { Node($0) })
        case .items(let items) where key.shape == .mapping:
            var pairs: [(Node, Node)] = []
            for item in items {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw ConfigurationError.badValue(key: key.path, source: source, value: Self.shown(item, key), allowed: "name=value")
                }
                pairs.append((Node(String(item[..<equals])), Node(String(item[item.index(after: equals)...]))))
            }
            value = Node(pairs)
        case .items(let items):
            value = try node(items.last ?? "", for: key, source: source)
        }
        try apply(value, to: key, source: source, into: &resolved)
    }

    /// A value given as text (a variable, a flag): a scalar as it is; a list or mapping as YAML (`[a, b]`, `{a: 1}`).
    private static func node(_ text: String, for key: ConfigurationKey, source: ConfigurationSource) throws -> Node {
        let structured = key.shape == .list || key.shape == .mapping
            || (key.shape == .scalarOrMapping && text.trimmingCharacters(in: .whitespaces).hasPrefix("{"))
        guard structured else { return Node(text, Tag(.str), .plain) }
        do {
            return try Yams.compose(yaml: text) ?? ConfigurationKey.nullNode
        } catch {
            throw ConfigurationError.badValue(key: key.path, source: source, value: Self.shown(text, key), allowed: key.allowed)
        }
    }

    // MARK: Applying a value

    private static func apply(
        _ value: Node, to key: ConfigurationKey, source: ConfigurationSource, into resolved: inout ResolvedConfiguration
    ) throws {
        var candidate = resolved.configuration
        guard key.read(value, &candidate) else {
            throw ConfigurationError.badValue(
                key: key.path, source: source,
                value: Self.shown(ConfigurationKey.scalarText(value) ?? ConfigurationKey.inline(value), key), allowed: key.allowed)
        }
        resolved.configuration = candidate
        resolved.sources[key.path] = source
    }

    /// A value as an error may show it: Kafka properties and the signing key may hold secrets, so theirs are not shown.
    private static func shown(_ text: String, _ key: ConfigurationKey) -> String {
        ["kafka.properties", "security.signing-key"].contains(key.path) ? "(not shown: it may hold a secret)" : text
    }
}
