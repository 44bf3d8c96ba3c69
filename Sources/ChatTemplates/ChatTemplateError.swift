/// Where something is in a template's source: 1-based line and column (columns count Unicode scalars, as Python
/// counts characters).
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Why a chat template could not be parsed or rendered, and where.
///
/// Every failure is one of these — a template from a checkpoint is untrusted input, so nothing in it can crash the
/// process: malformed syntax, a construct this renderer does not implement, a type error at render time, a limit
/// (nesting, loop iterations, output size), or the template itself refusing the conversation with
/// `raise_exception('…')` (then `message` is exactly the template's text, as transformers reports it).
public struct ChatTemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The source is not valid Jinja (unclosed tag, unbalanced block, bad token).
        case syntax
        /// Valid Jinja that this subset does not implement (a tag, filter, test, method or operator).
        case unsupported
        /// The template called `raise_exception(message)`: it refuses this conversation.
        case raised
        /// Rendering failed: an undefined value used as an object, a type error, a limit.
        case runtime
    }

    public var kind: Kind
    public var message: String
    public var location: SourceLocation

    public init(_ kind: Kind, _ message: String, at location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    public var description: String {
        switch kind {
        case .raised:
            return "the chat template rejected the conversation (raise_exception at \(location)): \(message)"
        case .unsupported:
            return "chat template \(location): \(message); this renderer implements the Jinja subset Hugging Face "
                + "chat templates use (docs/chat-templates.md) — pass --chat-format to use a built-in prompt format "
                + "instead of the model's template"
        case .syntax:
            return "chat template \(location): syntax error: \(message)"
        case .runtime:
            return "chat template \(location): \(message)"
        }
    }
}

/// A failure found below the level that knows the source location (value arithmetic, filters, methods); the
/// evaluator attaches the location of the innermost expression being evaluated.
struct TemplateFault: Error {
    var kind: ChatTemplateError.Kind
    var message: String

    init(_ message: String) {
        self.init(.runtime, message)
    }

    init(_ kind: ChatTemplateError.Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    static func unsupported(_ message: String) -> TemplateFault { TemplateFault(.unsupported, message) }
}
