import Yams

/// The resolved configuration written out: for `--dry-run` (every value with its source), as a YAML file (what
/// `tao up` hands its children), and as the Markdown reference in docs/configuration.md.
public enum ConfigurationReport {
    /// Every key, its value and where the value came from, aligned; Kafka property values are hidden.
    public static func dryRun(_ resolved: ResolvedConfiguration, command: String) -> String {
        let rows = ConfigurationKeys.all.map { key -> (String, String) in
            var value = key.text(in: resolved.configuration)
            if key.path == "kafka.properties" {
                value = "{" + resolved.configuration.kafka.properties.keys.sorted().map { "\($0): ***" }
                    .joined(separator: ", ") + "}"
            }
            if key.path == "security.signing-key", value.contains("base64:") { value = "base64:***" }
            return ("\(key.path): \(value)", "# \(resolved.source(of: key.path))")
        }
        let width = min(rows.map(\.0.count).max() ?? 0, 72)
        var lines = ["# \(command): the resolved configuration"
            + (resolved.file.map { " (file \($0))" } ?? " (no file)") + "; precedence: default < file < env < flag"]
        for (entry, source) in rows {
            lines.append(entry.padding(toLength: max(width, entry.count), withPad: " ", startingAt: 0) + "  " + source)
        }
        return lines.joined(separator: "\n")
    }

    /// `configuration` as a YAML run configuration holding every key, except those in `omitting` (the Kafka
    /// connection, which may carry credentials, stays on the command line). Reading it back gives the same value.
    public static func yaml(_ configuration: RunConfiguration, omitting: Set<String> = []) throws -> String {
        /// A section's entries in key order: a key's value, or a nested section.
        final class Section {
            var entries: [(name: String, value: Node?, section: Section?)] = []
            func child(_ name: String) -> Section {
                if let existing = entries.first(where: { $0.name == name })?.section { return existing }
                let section = Section()
                entries.append((name, nil, section))
                return section
            }
            var node: Node { Node(entries.map { (Node($0.name), $0.value ?? $0.section!.node) }) }
        }
        let root = Section()
        for key in ConfigurationKeys.all where !omitting.contains(key.path) {
            let parts = key.path.split(separator: ".").map(String.init)
            let section = parts.dropLast().reduce(root) { $0.child($1) }
            section.entries.append((parts.last!, key.render(configuration), nil))
        }
        return "# Written by tao: a resolved run configuration (docs/configuration.md).\n" + (try Yams.serialize(node: root.node))
    }

    /// The reference of every key, section by section: docs/configuration.md holds exactly this between its
    /// `<!-- keys -->` markers, and a test fails when the two differ (`tao config reference` prints it).
    public static func markdownReference() -> String {
        var out: [String] = []
        let defaults = RunConfiguration()
        for (section, summary) in ConfigurationKeys.sections {
            out.append("### `\(section)`")
            out.append("")
            out.append(summary)
            out.append("")
            out.append("| key | default | allowed | flag | environment | meaning |")
            out.append("|---|---|---|---|---|---|")
            for key in ConfigurationKeys.all where key.path.hasPrefix(section + ".") {
                let name = String(key.path.dropFirst(section.count + 1))
                let shown = key.text(in: defaults)
                let defaultText = shown == "\"\"" ? "(required)" : "`\(shown)`"
                let cells = [
                    "`\(name)`", defaultText, key.allowed, key.flag.map { "`\($0)`" } ?? "—", "`\(key.variable)`",
                    key.summary,
                ]
                out.append("| " + cells.map(Self.cell).joined(separator: " | ") + " |")
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// Text safe in a Markdown table cell: pipes escaped, angle brackets outside code spans as entities.
    private static func cell(_ text: String) -> String {
        var out = ""
        var inCode = false
        for character in text {
            if character == "`" { inCode.toggle() }
            switch character {
            case "|": out += "\\|"
            case "<" where !inCode: out += "&lt;"
            case ">" where !inCode: out += "&gt;"
            default: out.append(character)
            }
        }
        return out
    }
}
