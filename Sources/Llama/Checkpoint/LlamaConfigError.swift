/// A `config.json` this engine cannot run, or whose values contradict each other.
public enum LlamaConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The config asks for something the engine does not implement (`field` = `value`).
    case unsupported(field: String, value: String, hint: String)
    /// A value is missing, out of range or inconsistent with another.
    case invalid(field: String, reason: String)

    public var description: String {
        switch self {
        case .unsupported(let field, let value, let hint):
            "config.json: \(field) = \(value) is not supported by this Llama engine; \(hint)"
        case .invalid(let field, let reason): "config.json: invalid \(field): \(reason)"
        }
    }
}
