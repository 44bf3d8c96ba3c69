import Foundation

/// The names every template sees: Jinja's `range`, `dict`, `namespace`, and what transformers adds —
/// `raise_exception(message)` and `strftime_now(format)`.
enum Globals {
    /// `range()` builds a list; longer ones are refused.
    static let maxRange = 1_000_000

    static var all: [String: Value] {
        [
            "range": builtin("range", range),
            "dict": builtin("dict") { arguments in
                guard arguments.positional.isEmpty else {
                    throw TemplateFault.unsupported("dict() with positional arguments is not supported")
                }
                return .dict(Value.Dict(arguments.keywords))
            },
            "namespace": builtin("namespace", namespace),
            "raise_exception": builtin("raise_exception") { arguments in
                let message = try arguments.bind("raise_exception", ["message"], required: 1)[0] ?? .none
                throw RaisedException(message: try message.str())
            },
            "strftime_now": builtin("strftime_now") { arguments in
                let format = try (try arguments.bind("strftime_now", ["format"], required: 1)[0] ?? .none).asString("format")
                return .string(strftimeNow(format))
            },
        ]
    }

    private static func builtin(_ name: String, _ body: @escaping (Arguments) throws -> Value) -> Value {
        .function(Value.Function(name: name, body: .builtin(body)))
    }

    private static func range(_ arguments: Arguments) throws -> Value {
        guard arguments.keywords.isEmpty else { throw TemplateFault("TypeError: range() takes no keyword arguments") }
        let values = try arguments.positional.map { try $0.asInt("range() argument") }
        let (start, stop, step): (Int, Int, Int)
        switch values.count {
        case 1: (start, stop, step) = (0, values[0], 1)
        case 2: (start, stop, step) = (values[0], values[1], 1)
        case 3: (start, stop, step) = (values[0], values[1], values[2])
        default: throw TemplateFault("TypeError: range expected 1 to 3 arguments, got \(values.count)")
        }
        guard step != 0 else { throw TemplateFault("ValueError: range() arg 3 must not be zero") }
        let span = step > 0 ? Double(stop) - Double(start) : Double(start) - Double(stop)
        guard span / Double(step.magnitude) <= Double(maxRange) else {
            throw TemplateFault("range() of more than \(maxRange) items is refused")
        }
        return .array(Swift.stride(from: start, to: stop, by: step).map(Value.int))
    }

    /// transformers' `TemplateNamespace`: no underscore-prefixed attributes.
    static func checkNamespaceName(_ name: String) throws {
        guard !name.hasPrefix("_") else {
            throw TemplateFault(
                "SecurityError: Chat templates cannot store underscore-prefixed attributes on a namespace, but got "
                    + "\(PythonText.repr(name)). Please rename the attribute.")
        }
    }

    private static func namespace(_ arguments: Arguments) throws -> Value {
        var attributes = Value.Dict()
        for positional in arguments.positional {
            guard case .dict(let dict) = positional, arguments.positional.count == 1 else {
                throw TemplateFault("TypeError: namespace() takes at most one mapping as a positional argument")
            }
            attributes = dict
        }
        for (name, value) in arguments.keywords { attributes[name] = value }
        for name in attributes.keys { try checkNamespaceName(name) }
        return .namespace(Value.Namespace(attributes))
    }

    /// `datetime.now().strftime(format)`: local time through the C library's strftime, as Python does.
    static func strftimeNow(_ format: String) -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        var buffer = [CChar](repeating: 0, count: 1024)
        let count = strftime(&buffer, buffer.count, format, &parts)
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
