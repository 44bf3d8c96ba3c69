import Yams

/// One field of the run configuration: its dotted key (`generator.max-tokens`, which is `max-tokens:` under
/// `generator:` in the file), the environment variable and flag that override it, what values it allows, and how it
/// reads into and renders out of a ``RunConfiguration``.
///
/// Build keys with the typed constructors in `ConfigurationKey+Kinds.swift`; they derive the allowed-values text
/// from the same bounds they check, so the reference cannot disagree with the code.
public struct ConfigurationKey: Sendable {
    /// How a value is written: one scalar, a list, or a mapping of names to values.
    public enum Shape: Sendable {
        case scalar, list, mapping
        /// A scalar or a mapping (the scorers, as `verifier+0.2*format` or `{verifier: 1, format: 0.2}`).
        case scalarOrMapping
    }

    public let path: String
    public let summary: String
    /// What the key accepts, as a phrase: "an integer ≥ 1", "one of grpo, rloo, dpo, best-of-n".
    public let allowed: String
    /// The typed flag of the commands that read this key, if it has one (every key also takes `--set key=value`).
    public let flag: String?
    public let shape: Shape
    /// Mappings merge across sources (a variable adds a Kafka property to the file's); everything else replaces.
    var merges: Bool { shape == .mapping }
    /// Reads `node` into `configuration`; `false` when the value is not allowed.
    let read: @Sendable (Node, inout RunConfiguration) -> Bool
    let render: @Sendable (RunConfiguration) -> Node

    init(
        _ path: String, flag: String?, shape: Shape, allowed: String, summary: String,
        read: @escaping @Sendable (Node, inout RunConfiguration) -> Bool,
        render: @escaping @Sendable (RunConfiguration) -> Node
    ) {
        self.path = path
        self.flag = flag
        self.shape = shape
        self.allowed = allowed
        self.summary = summary
        self.read = read
        self.render = render
    }

    /// `TAO_` and the key in capitals, '.' and '-' as '_': `generator.max-tokens` is `TAO_GENERATOR_MAX_TOKENS`.
    public var variable: String {
        "TAO_" + path.uppercased().map { $0 == "." || $0 == "-" ? "_" : $0 }.map(String.init).joined()
    }

    /// The value in `configuration`, as one line of YAML (flow style for lists and mappings).
    public func text(in configuration: RunConfiguration) -> String {
        Self.inline(render(configuration))
    }

    static func inline(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            return scalar.tag == Tag(.null) ? "~" : Self.quotedIfNeeded(scalar.string)
        case .sequence(let sequence):
            return "[" + sequence.map(inline).joined(separator: ", ") + "]"
        case .mapping(let mapping):
            return "{" + mapping.map { "\(inline($0.key)): \(inline($0.value))" }.joined(separator: ", ") + "}"
        case .alias:
            return "*alias"
        }
    }

    /// A string as YAML would read it back as the same string: plain when that is safe, else double-quoted.
    static func quotedIfNeeded(_ text: String) -> String {
        let special = ":#{}[],&*!|>'\"%@`\n\t\\"
        if !text.isEmpty, !text.contains(where: { special.contains($0) }), text.first != " ", text.last != " ",
           !["-", "?"].contains(text.first.map(String.init) ?? "") {
            return text
        }
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }
}
