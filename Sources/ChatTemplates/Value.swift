/// A value while a template renders: the JSON-shaped data callers pass in (`TemplateValue`), plus what only
/// exists inside a render — Jinja's `Undefined`, `namespace()` objects (shared and mutable, as in Jinja), and
/// callables (globals, bound methods, macros).
enum Value {
    case undefined(Undefined)
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([Value])
    case dict(Dict)
    case namespace(Namespace)
    case function(Function)
    /// The `loop` variable of a `for` iteration; its fields are computed when read.
    case loop(Loop)

    /// Jinja's default `Undefined`: prints as nothing, is falsy, iterates as empty; using it as an object
    /// (attribute, item, call, arithmetic) raises `UndefinedError` with the message Jinja would give.
    struct Undefined {
        var message: String

        static func named(_ name: String) -> Undefined { Undefined(message: "'\(name)' is undefined") }

        static func attribute(_ name: String, of object: Value) -> Undefined {
            Undefined(message: "\(object.typeDescription) has no attribute '\(name)'")
        }

        static func element(_ key: Value, of object: Value) -> Undefined {
            Undefined(message: "\(object.typeDescription) has no element \(key.brief)")
        }

        var fault: TemplateFault { TemplateFault("UndefinedError: \(message)") }
    }

    /// A dict with string keys in insertion order, as Python dicts keep them.
    struct Dict {
        private(set) var keys: [String] = []
        private var storage: [String: Value] = [:]

        init() {}

        init(_ pairs: [(String, Value)]) {
            for (key, value) in pairs { self[key] = value }
        }

        var count: Int { keys.count }

        subscript(key: String) -> Value? {
            get { storage[key] }
            set {
                if storage[key] == nil, newValue != nil { keys.append(key) }
                if newValue == nil, storage[key] != nil { keys.removeAll { $0 == key } }
                storage[key] = newValue
            }
        }

        var pairs: [(String, Value)] { keys.compactMap { key in storage[key].map { (key, $0) } } }
        var values: [Value] { keys.compactMap { storage[$0] } }
    }

    /// `namespace(...)`: the one mutable object templates have; `{% set ns.x = … %}` writes through every
    /// reference to it, which is how templates carry state out of a loop.
    final class Namespace {
        var attributes: Dict

        init(_ attributes: Dict) { self.attributes = attributes }
    }

    struct Loop {
        /// The items iterated (after a loop condition filtered them).
        var items: [Value]
        var index0: Int

        func field(_ name: String) -> Value? {
            let length = items.count
            switch name {
            case "index": return .int(index0 + 1)
            case "index0": return .int(index0)
            case "revindex": return .int(length - index0)
            case "revindex0": return .int(length - index0 - 1)
            case "first": return .bool(index0 == 0)
            case "last": return .bool(index0 == length - 1)
            case "length": return .int(length)
            case "depth": return .int(1)
            case "depth0": return .int(0)
            case "previtem": return index0 > 0 ? items[index0 - 1] : nil
            case "nextitem": return index0 + 1 < length ? items[index0 + 1] : nil
            case "cycle":
                let index = index0
                return .function(Function(name: "cycle", body: .builtin { arguments in
                    guard !arguments.positional.isEmpty else { throw TemplateFault("TypeError: no items for cycling given") }
                    return arguments.positional[index % arguments.positional.count]
                }))
            default: return nil
            }
        }
    }

    struct Function {
        enum Body {
            case builtin((Arguments) throws -> Value)
            case macro(Macro)
        }

        var name: String
        var body: Body
    }

    // MARK: - Python's view of a value

    var isUndefined: Bool {
        if case .undefined = self { return true }
        return false
    }

    /// Python truthiness.
    var truthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .double(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .array(let items): return !items.isEmpty
        case .dict(let dict): return dict.count > 0
        case .namespace, .function, .loop: return true
        }
    }

    /// How Jinja names the type in error messages (`object_type_repr`).
    var typeDescription: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "None"
        case .bool: return "'bool object'"
        case .int: return "'int object'"
        case .double: return "'float object'"
        case .string: return "'str object'"
        case .array: return "'list object'"
        case .dict: return "'dict object'"
        case .namespace: return "'jinja2.utils.Namespace object'"
        case .function: return "'function object'"
        case .loop: return "'LoopContext object'"
        }
    }

    /// The Python type name, for TypeError messages.
    var typeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .dict: return "dict"
        case .namespace: return "Namespace"
        case .function: return "function"
        case .loop: return "LoopContext"
        }
    }

    /// How deeply values may nest before printing, serialising or comparing them gives up: a namespace can
    /// hold itself, and a loop can wrap a list in a list a million times.
    static let maxNesting = 256

    static func nestingFault() -> TemplateFault {
        TemplateFault("a value nests deeper than \(maxNesting) levels (or contains itself)")
    }

    /// `str(value)`: what `{{ value }}` prints.
    func str() throws -> String {
        switch self {
        case .undefined: return ""
        case .string(let value): return value
        default: return try repr()
        }
    }

    /// `repr(value)`: how values print inside lists and dicts.
    func repr(depth: Int = 0) throws -> String {
        guard depth < Value.maxNesting else { throw Value.nestingFault() }
        switch self {
        case .undefined: return ""
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .double(let value): return PythonText.floatRepr(value)
        case .string(let value): return PythonText.repr(value)
        case .array(let items):
            var text = "["
            for (index, item) in items.enumerated() {
                // A string's repr is at least its own bytes and two quotes: refuse before spelling it out.
                if case .string(let piece) = item { try Value.checkSize(text.utf8.count + piece.utf8.count + 2) }
                text += (index > 0 ? ", " : "") + (try item.repr(depth: depth + 1))
                try Value.checkSize(text.utf8.count)
            }
            return text + "]"
        case .dict(let dict):
            var text = "{"
            for (index, (key, item)) in dict.pairs.enumerated() {
                text += (index > 0 ? ", " : "") + PythonText.repr(key) + ": " + (try item.repr(depth: depth + 1))
                try Value.checkSize(text.utf8.count)
            }
            return text + "}"
        case .namespace(let namespace): return "<Namespace " + (try Value.dict(namespace.attributes).repr(depth: depth + 1)) + ">"
        case .function(let function): return "<function \(function.name)>"
        case .loop(let loop): return "<LoopContext \(loop.index0 + 1)/\(loop.items.count)>"
        }
    }

    /// A short rendering for error messages.
    var brief: String {
        let text = (try? repr()) ?? "<\(typeName)>"
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    /// Iterating in a `for` loop or a filter: lists, dict keys, the characters of a string; Undefined is empty.
    func iterate() throws -> [Value] {
        switch self {
        case .undefined: return []
        case .array(let items): return items
        case .dict(let dict): return dict.keys.map(Value.string)
        case .string(let text): return text.unicodeScalars.map { .string(String($0)) }
        default: throw TemplateFault("TypeError: '\(typeName)' object is not iterable")
        }
    }

    /// `len(value)`.
    func length() throws -> Int {
        switch self {
        case .undefined: return 0
        case .string(let text): return PythonText.count(text)
        case .array(let items): return items.count
        case .dict(let dict): return dict.count
        default: throw TemplateFault("TypeError: object of type '\(typeName)' has no len()")
        }
    }
}

extension Value {
    init(_ value: TemplateValue) {
        switch value {
        case .none: self = .none
        case .bool(let v): self = .bool(v)
        case .int(let v): self = .int(v)
        case .double(let v): self = .double(v)
        case .string(let v): self = .string(v)
        case .array(let items): self = .array(items.map(Value.init))
        case .dict(let pairs): self = .dict(Dict(pairs.map { ($0.0, Value($0.1)) }))
        }
    }
}
