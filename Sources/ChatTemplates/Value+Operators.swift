import Foundation

/// Python's operators on template values: what `+`, `==`, `<`, `in`, … do in Jinja, which evaluates them as
/// Python does (bools are integers, `/` is true division, `//` and `%` floor, sequences concatenate and repeat).
/// Results are size-checked so a template cannot build an unbounded string or list.
extension Value {
    /// A number as Python sees it, or nil: `bool` is an `int`.
    private var numeric: Numeric? {
        switch self {
        case .bool(let value): return .int(value ? 1 : 0)
        case .int(let value): return .int(value)
        case .double(let value): return .double(value)
        default: return nil
        }
    }

    private enum Numeric {
        case int(Int)
        case double(Double)

        var double: Double {
            switch self {
            case .int(let value): return Double(value)
            case .double(let value): return value
            }
        }
    }

    /// The most UTF-8 bytes a string, or items a list, built by an operator, filter or method may have. Sizes are
    /// checked before the value is built (UTF-8 counts are O(1) on Swift strings, so appending in a loop stays
    /// linear).
    static let maxBuiltSize = 8 << 20

    static func checkSize(_ count: Int) throws {
        guard count <= maxBuiltSize else {
            throw TemplateFault("a value of \(count) bytes or items exceeds the renderer's limit of \(maxBuiltSize)")
        }
    }

    // MARK: - Equality and order

    /// `a == b`.
    static func equal(_ a: Value, _ b: Value, depth: Int = 0) -> Bool {
        guard depth < maxNesting else { return false }
        if let x = a.numeric, let y = b.numeric {
            switch (x, y) {
            case (.int(let l), .int(let r)): return l == r
            default: return x.double == y.double
            }
        }
        switch (a, b) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let l), .string(let r)): return PythonText.equal(l, r)
        case (.array(let l), .array(let r)): return l.count == r.count && zip(l, r).allSatisfy { equal($0, $1, depth: depth + 1) }
        case (.dict(let l), .dict(let r)):
            return l.count == r.count && l.pairs.allSatisfy { key, value in r[key].map { equal(value, $0, depth: depth + 1) } ?? false }
        case (.namespace(let l), .namespace(let r)): return l === r
        default: return false
        }
    }

    /// `a < b`, or a TypeError for types Python does not order.
    static func less(_ a: Value, _ b: Value, depth: Int = 0) throws -> Bool {
        guard depth < maxNesting else { throw nestingFault() }
        if let x = a.numeric, let y = b.numeric {
            switch (x, y) {
            case (.int(let l), .int(let r)): return l < r
            default: return x.double < y.double
            }
        }
        switch (a, b) {
        case (.string(let l), .string(let r)): return PythonText.less(l, r)
        case (.array(let l), .array(let r)):
            for (x, y) in zip(l, r) where !equal(x, y) { return try less(x, y, depth: depth + 1) }
            return l.count < r.count
        default:
            throw TemplateFault("TypeError: '<' not supported between instances of '\(a.typeName)' and '\(b.typeName)'")
        }
    }

    static func compare(_ op: String, _ a: Value, _ b: Value) throws -> Bool {
        switch op {
        case "==": return equal(a, b)
        case "!=": return !equal(a, b)
        case "<": return try less(a, b)
        case ">": return try less(b, a)
        case "<=": return try less(a, b) || equal(a, b)
        case ">=": return try less(b, a) || equal(a, b)
        case "in": return try contains(b, a)
        case "not in": return try !contains(b, a)
        default: throw TemplateFault.unsupported("comparison operator '\(op)' is not supported")
        }
    }

    /// `element in container`.
    static func contains(_ container: Value, _ element: Value) throws -> Bool {
        switch container {
        case .string(let text):
            guard case .string(let needle) = element else {
                throw TemplateFault("TypeError: 'in <string>' requires string as left operand, not \(element.typeName)")
            }
            return PythonText.contains(text, needle)
        case .array(let items): return items.contains { equal($0, element) }
        case .dict(let dict):
            guard case .string(let key) = element else { return false }
            return dict[key] != nil
        case .undefined: return false
        default: throw TemplateFault("TypeError: argument of type '\(container.typeName)' is not iterable")
        }
    }

    // MARK: - Arithmetic

    private static func typeError(_ op: String, _ a: Value, _ b: Value) -> TemplateFault {
        if case .undefined(let undefined) = a { return undefined.fault }
        if case .undefined(let undefined) = b { return undefined.fault }
        return TemplateFault("TypeError: unsupported operand type(s) for \(op): '\(a.typeName)' and '\(b.typeName)'")
    }

    private static func overflow(_ op: String) -> TemplateFault {
        TemplateFault("integer overflow in '\(op)' (this renderer's integers are 64-bit)")
    }

    private static func checked(_ op: String, _ result: (partialValue: Int, overflow: Bool)) throws -> Value {
        guard !result.overflow else { throw overflow(op) }
        return .int(result.partialValue)
    }

    static func binary(_ op: String, _ a: Value, _ b: Value) throws -> Value {
        if op == "~" {
            let (l, r) = (try a.str(), try b.str())
            try checkSize(l.utf8.count + r.utf8.count)
            return .string(l + r)
        }
        if let x = a.numeric, let y = b.numeric { return try arithmetic(op, x, y) }
        switch (op, a, b) {
        case ("+", .string(let l), .string(let r)):
            try checkSize(l.utf8.count + r.utf8.count)
            return .string(l + r)
        case ("+", .array(let l), .array(let r)):
            try checkSize(l.count + r.count)
            return .array(l + r)
        case ("*", .string(let text), .int), ("*", .string(let text), .bool):
            let times = max(b.numericInt ?? 0, 0)
            let (size, overflowed) = text.utf8.count.multipliedReportingOverflow(by: times)
            guard !overflowed else { throw overflow("*") }
            try checkSize(size)
            return .string(String(repeating: text, count: times))
        case ("*", .int, .string), ("*", .bool, .string):
            return try binary(op, b, a)
        case ("*", .array(let items), .int), ("*", .array(let items), .bool):
            let times = max(b.numericInt ?? 0, 0)
            let (size, overflowed) = items.count.multipliedReportingOverflow(by: times)
            guard !overflowed else { throw overflow("*") }
            try checkSize(size)
            return .array(Array(repeatElement(items, count: times).joined()))
        case ("*", .int, .array), ("*", .bool, .array):
            return try binary(op, b, a)
        case ("%", .string, _):
            throw TemplateFault.unsupported("printf-style string formatting ('…' % value) is not supported")
        default:
            if case ("+", .string, _) = (op, a, b), !b.isUndefined {
                throw TemplateFault("TypeError: can only concatenate str (not \"\(b.typeName)\") to str")
            }
            if case ("+", .array, _) = (op, a, b), !b.isUndefined {
                throw TemplateFault("TypeError: can only concatenate list (not \"\(b.typeName)\") to list")
            }
            throw typeError(op, a, b)
        }
    }

    private var numericInt: Int? {
        if case .int(let value)? = numeric { return value }
        return nil
    }

    private static func arithmetic(_ op: String, _ x: Numeric, _ y: Numeric) throws -> Value {
        if case .int(let l) = x, case .int(let r) = y {
            switch op {
            case "+": return try checked(op, l.addingReportingOverflow(r))
            case "-": return try checked(op, l.subtractingReportingOverflow(r))
            case "*": return try checked(op, l.multipliedReportingOverflow(by: r))
            case "/":
                guard r != 0 else { throw TemplateFault("ZeroDivisionError: division by zero") }
                return .double(Double(l) / Double(r))
            case "//", "%":
                guard r != 0 else { throw TemplateFault("ZeroDivisionError: integer division or modulo by zero") }
                guard !(l == Int.min && r == -1) else { throw overflow(op) }
                var quotient = l / r
                var remainder = l % r
                if remainder != 0, (remainder < 0) != (r < 0) {
                    quotient -= 1
                    remainder += r
                }
                return .int(op == "//" ? quotient : remainder)
            case "**":
                guard r >= 0 else { return .double(pow(Double(l), Double(r))) }
                var result = 1
                var base = l
                var exponent = r
                while exponent > 0 {
                    if exponent & 1 == 1 {
                        let (next, overflowed) = result.multipliedReportingOverflow(by: base)
                        guard !overflowed else { throw overflow(op) }
                        result = next
                    }
                    exponent >>= 1
                    if exponent > 0 {
                        let (squared, overflowed) = base.multipliedReportingOverflow(by: base)
                        guard !overflowed else { throw overflow(op) }
                        base = squared
                    }
                }
                return .int(result)
            default: break
            }
        }
        let l = x.double
        let r = y.double
        switch op {
        case "+": return .double(l + r)
        case "-": return .double(l - r)
        case "*": return .double(l * r)
        case "/":
            guard r != 0 else { throw TemplateFault("ZeroDivisionError: float division by zero") }
            return .double(l / r)
        case "//":
            guard r != 0 else { throw TemplateFault("ZeroDivisionError: float floor division by zero") }
            return .double((l / r).rounded(.down))
        case "%":
            guard r != 0 else { throw TemplateFault("ZeroDivisionError: float modulo") }
            let remainder = l.truncatingRemainder(dividingBy: r)
            return .double(remainder != 0 && (remainder < 0) != (r < 0) ? remainder + r : remainder)
        case "**": return .double(pow(l, r))
        default: throw TemplateFault.unsupported("operator '\(op)' is not supported")
        }
    }

    static func negate(_ value: Value) throws -> Value {
        switch value {
        case .bool(let v): return .int(v ? -1 : 0)
        case .int(let v):
            guard v != Int.min else { throw overflow("-") }
            return .int(-v)
        case .double(let v): return .double(-v)
        case .undefined(let undefined): throw undefined.fault
        default: throw TemplateFault("TypeError: bad operand type for unary -: '\(value.typeName)'")
        }
    }

    static func plus(_ value: Value) throws -> Value {
        switch value {
        case .bool(let v): return .int(v ? 1 : 0)
        case .int, .double: return value
        case .undefined(let undefined): throw undefined.fault
        default: throw TemplateFault("TypeError: bad operand type for unary +: '\(value.typeName)'")
        }
    }
}
