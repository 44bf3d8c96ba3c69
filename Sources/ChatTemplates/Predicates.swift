/// Jinja's tests — `x is defined`, `x is not none`, `x is string`, `x is divisibleby 3`, … — with Python's
/// type rules (a bool is a number; `iterable` is true for strings, lists, dicts and Undefined).
enum Predicates {
    static let supported: Set<String> = [
        "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "escaped", "even", "false", "float", "ge",
        "gt", "in", "integer", "iterable", "le", "lower", "lt", "mapping", "ne", "none", "number", "odd", "sameas",
        "sequence", "string", "true", "undefined", "upper", "==", "!=", "<", "<=", ">", ">=",
    ]

    static func test(_ name: String, _ value: Value, _ arguments: [Value]) throws -> Bool {
        func argument() throws -> Value {
            guard arguments.count == 1 else {
                throw TemplateFault("TypeError: the '\(name)' test takes one argument (\(arguments.count) given)")
            }
            return arguments[0]
        }
        switch name {
        case "defined": return !value.isUndefined
        case "undefined": return value.isUndefined
        case "none":
            if case .none = value { return true }
            return false
        case "boolean":
            if case .bool = value { return true }
            return false
        case "true":
            if case .bool(true) = value { return true }
            return false
        case "false":
            if case .bool(false) = value { return true }
            return false
        case "integer":
            if case .int = value { return true }
            return false
        case "float":
            if case .double = value { return true }
            return false
        case "number":
            switch value {
            case .int, .double, .bool: return true
            default: return false
            }
        case "string":
            return value.isString
        case "mapping":
            if case .dict = value { return true }
            return false
        case "iterable":
            switch value {
            case .string, .array, .dict, .undefined: return true
            default: return false
            }
        case "sequence":
            switch value {
            case .string, .array, .dict, .undefined: return true
            default: return false
            }
        case "callable":
            if case .function = value { return true }
            return false
        case "escaped":
            return false
        case "lower":
            guard case .string(let text) = value else { return false }
            return PythonText.lower(text) == text
        case "upper":
            guard case .string(let text) = value else { return false }
            return PythonText.upper(text) == text
        case "odd", "even":
            let number = try value.asInt("\(name) test operand")
            return (abs(number % 2) == 1) == (name == "odd")
        case "divisibleby":
            let divisor = try argument().asInt("divisibleby argument")
            guard divisor != 0 else { throw TemplateFault("ZeroDivisionError: integer division or modulo by zero") }
            return try value.asInt("divisibleby operand") % divisor == 0
        case "sameas":
            let other = try argument()
            switch (value, other) {
            case (.none, .none): return true
            case (.bool(let a), .bool(let b)): return a == b
            // CPython shares small ints and interned strings, so `is` on equal constants is true there.
            case (.int(let a), .int(let b)): return a == b
            case (.string(let a), .string(let b)): return PythonText.equal(a, b)
            case (.namespace(let a), .namespace(let b)): return a === b
            default: return false
            }
        case "eq", "equalto", "==": return Value.equal(value, try argument())
        case "ne", "!=": return !Value.equal(value, try argument())
        case "lt", "<": return try Value.less(value, try argument())
        case "le", "<=": return try Value.compare("<=", value, try argument())
        case "gt", ">": return try Value.compare(">", value, try argument())
        case "ge", ">=": return try Value.compare(">=", value, try argument())
        case "in": return try Value.contains(try argument(), value)
        default: throw TemplateFault.unsupported("no test named '\(name)'")
        }
    }
}
