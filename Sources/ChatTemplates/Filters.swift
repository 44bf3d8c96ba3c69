import Foundation

/// Jinja's built-in filters that chat templates use, with transformers' `tojson` (Python's `json.dumps`, no
/// HTML escaping, `indent`/`separators`/`sort_keys`/`ensure_ascii`). Names are checked when the template is
/// parsed (`isKnown`), as Jinja checks them when it compiles.
enum Filters {
    static let supported: Set<String> = [
        "abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape", "first", "float",
        "forceescape", "indent", "int", "items", "join", "last", "length", "list", "lower", "map", "max", "min",
        "reject", "rejectattr", "replace", "reverse", "round", "safe", "select", "selectattr", "sort", "string",
        "sum", "title", "tojson", "trim", "unique", "upper", "wordcount",
    ]

    /// Jinja has these; this subset does not.
    static let unsupported: Set<String> = [
        "batch", "center", "filesizeformat", "format", "groupby", "pprint", "random", "slice", "striptags",
        "truncate", "urlencode", "urlize", "wordwrap", "xmlattr",
    ]

    static func apply(_ name: String, _ value: Value, _ arguments: Arguments) throws -> Value {
        switch name {
        case "length", "count":
            _ = try arguments.bind(name, [])
            return .int(try value.length())
        case "tojson":
            return .string(try toJSON(value, arguments))
        case "default", "d":
            let bound = try arguments.bind(name, ["default_value", "boolean"])
            let useDefault = value.isUndefined || ((bound[1]?.truthy ?? false) && !value.truthy)
            return useDefault ? (bound[0] ?? .string("")) : value
        case "trim":
            let chars = try arguments.bind(name, ["chars"])[0].given.map { try $0.asString("trim chars") }
            return .string(PythonText.strip(try value.str(), chars))
        case "upper":
            return .string(PythonText.upper(try value.str()))
        case "lower":
            return .string(PythonText.lower(try value.str()))
        case "capitalize":
            return .string(PythonText.capitalize(try value.str()))
        case "title":
            return .string(jinjaTitle(try value.str()))
        case "string":
            return .string(try value.str())
        case "safe", "e", "escape", "forceescape":
            _ = try arguments.bind(name, [])
            return name == "safe" ? value : .string(htmlEscape(try value.str()))
        case "first":
            _ = try arguments.bind(name, [])
            return try value.iterate().first ?? .undefined(Value.Undefined(message: "No first item, sequence was empty."))
        case "last":
            _ = try arguments.bind(name, [])
            return try value.iterate().last ?? .undefined(Value.Undefined(message: "No last item, sequence was empty."))
        case "list":
            _ = try arguments.bind(name, [])
            return .array(try value.iterate())
        case "reverse":
            _ = try arguments.bind(name, [])
            if case .string(let text) = value { return .string(PythonText.string(text.unicodeScalars.reversed())) }
            return .array(try value.iterate().reversed())
        case "join":
            let bound = try arguments.bind(name, ["d", "attribute"])
            let separator = try bound[0].map { try $0.str() } ?? ""
            var items = try value.iterate()
            if let attribute = bound[1].given { items = try items.map { try Access.path($0, attribute) } }
            return .string(try joined(try items.map { try $0.str() }, separator: separator))
        case "replace":
            let bound = try arguments.bind(name, ["old", "new", "count"], required: 2)
            let count = try bound[2].given.map { try $0.asInt("count") } ?? -1
            return .string(try PythonText.replace(
                try value.str(), try (bound[0] ?? .none).str(), try (bound[1] ?? .none).str(), count: count))
        case "int":
            let bound = try arguments.bind(name, ["default", "base"])
            return toInt(value, base: try bound[1].given.map { try $0.asInt("base") } ?? 10) ?? bound[0] ?? .int(0)
        case "float":
            let bound = try arguments.bind(name, ["default"])
            return toFloat(value).map(Value.double) ?? bound[0] ?? .double(0)
        case "abs":
            switch value {
            case .int(let v):
                guard v != Int.min else { throw TemplateFault("integer overflow in abs") }
                return .int(abs(v))
            case .bool(let v): return .int(v ? 1 : 0)
            case .double(let v): return .double(abs(v))
            default: throw TemplateFault("TypeError: bad operand type for abs(): '\(value.typeName)'")
            }
        case "round":
            return try round(value, arguments)
        case "items":
            _ = try arguments.bind(name, [])
            switch value {
            case .undefined: return .array([])
            case .dict(let dict): return .array(dict.pairs.map { .array([.string($0.0), $0.1]) })
            default: throw TemplateFault("TypeError: Can only get item pairs from a mapping.")
            }
        case "dictsort":
            let bound = try arguments.bind(name, ["case_sensitive", "by", "reverse"])
            guard case .dict(let dict) = value else { throw TemplateFault("TypeError: dictsort expects a mapping") }
            let byValue = try bound[1].given.map { try $0.asString("by") } == "value"
            let caseSensitive = bound[0]?.truthy ?? false
            let pairs = try sorted(dict.pairs.map { Value.array([.string($0.0), $0.1]) }, reverse: bound[2]?.truthy ?? false) {
                guard case .array(let pair) = $0 else { return $0 }
                return fold(pair[byValue ? 1 : 0], caseSensitive)
            }
            return .array(pairs)
        case "sort":
            let bound = try arguments.bind(name, ["reverse", "case_sensitive", "attribute"])
            let caseSensitive = bound[1]?.truthy ?? false
            let attribute = bound[2].given
            return .array(try sorted(try value.iterate(), reverse: bound[0]?.truthy ?? false) { item in
                fold(try attribute.map { a in try Access.path(item, a) } ?? item, caseSensitive)
            })
        case "unique":
            let bound = try arguments.bind(name, ["case_sensitive", "attribute"])
            let caseSensitive = bound[0]?.truthy ?? false
            var seen: [Value] = []
            var result: [Value] = []
            for item in try value.iterate() {
                let key = fold(try bound[1].given.map { try Access.path(item, $0) } ?? item, caseSensitive)
                if !seen.contains(where: { Value.equal($0, key) }) {
                    seen.append(key)
                    result.append(item)
                }
            }
            return .array(result)
        case "min", "max":
            let bound = try arguments.bind(name, ["case_sensitive", "attribute"])
            let caseSensitive = bound[0]?.truthy ?? false
            let items = try sorted(try value.iterate(), reverse: false) { item in
                fold(try bound[1].given.map { a in try Access.path(item, a) } ?? item, caseSensitive)
            }
            return (name == "min" ? items.first : items.last)
                ?? .undefined(Value.Undefined(message: "No aggregated item, sequence was empty."))
        case "sum":
            let bound = try arguments.bind(name, ["attribute", "start"])
            var total = bound[1] ?? .int(0)
            for item in try value.iterate() {
                total = try Value.binary("+", total, try bound[0].given.map { try Access.path(item, $0) } ?? item)
            }
            return total
        case "attr":
            let bound = try arguments.bind(name, ["name"], required: 1)
            let attribute = try (bound[0] ?? .none).asString("attr name")
            if case .undefined(let undefined) = value { throw undefined.fault }
            if case .namespace(let namespace) = value {
                return namespace.attributes[attribute] ?? .undefined(.attribute(attribute, of: value))
            }
            return Methods.method(of: value, attribute) ?? .undefined(.attribute(attribute, of: value))
        case "map":
            return try map(value, arguments)
        case "select", "reject", "selectattr", "rejectattr":
            return try select(name, value, arguments)
        case "indent":
            return try indent(value, arguments)
        case "wordcount":
            return .int(try PythonText.split(try value.str(), nil, maxSplit: -1).count)
        default:
            if unsupported.contains(name) { throw TemplateFault.unsupported("the '\(name)' filter is not supported") }
            throw TemplateFault.unsupported("no filter named '\(name)'")
        }
    }

    // MARK: - tojson

    /// transformers' `tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False)`.
    private static func toJSON(_ value: Value, _ arguments: Arguments) throws -> String {
        let bound = try arguments.bind("tojson", ["ensure_ascii", "indent", "separators", "sort_keys"])
        var options = JSONText.Options()
        options.ensureASCII = bound[0]?.truthy ?? false
        switch bound[1].given {
        case nil: break
        case .string(let text)?: options.indent = text
        case let indent?:
            let width = max(try indent.asInt("indent"), 0)
            try Value.checkSize(width)
            options.indent = String(repeating: " ", count: width)
        }
        if let separators = bound[2].given {
            let parts = try separators.iterate()
            guard parts.count == 2 else { throw TemplateFault("ValueError: separators must be an (item, key) pair") }
            options.itemSeparator = try parts[0].asString("item separator")
            options.keySeparator = try parts[1].asString("key separator")
        }
        options.sortKeys = bound[3]?.truthy ?? false
        return try JSONText.dumps(value, options)
    }

    // MARK: - Helpers

    /// `separator.join(pieces)`, size-checked before it is built.
    static func joined(_ pieces: [String], separator: String) throws -> String {
        let (separators, overflowed) = max(pieces.count - 1, 0).multipliedReportingOverflow(by: separator.utf8.count)
        var total = overflowed ? Int.max : separators
        for piece in pieces {
            total = total.addingReportingOverflow(piece.utf8.count).overflow ? Int.max : total + piece.utf8.count
            try Value.checkSize(total)
        }
        try Value.checkSize(total)
        return pieces.joined(separator: separator)
    }

    /// Jinja's `title`: words start after `-`, whitespace, `(`, `{`, `[` or `<`; first letter upper, rest lower.
    static func jinjaTitle(_ text: String) -> String {
        func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
            PythonText.isSpace(scalar) || "-({[<".unicodeScalars.contains(scalar)
        }
        var result = ""
        var atWordStart = true
        for scalar in text.unicodeScalars {
            if isSeparator(scalar) {
                result.unicodeScalars.append(scalar)
                atWordStart = true
            } else {
                result += atWordStart ? String(scalar).uppercased() : String(scalar).lowercased()
                atWordStart = false
            }
        }
        return result
    }

    static func htmlEscape(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&#34;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    private static func fold(_ value: Value, _ caseSensitive: Bool) -> Value {
        if !caseSensitive, case .string(let text) = value { return .string(PythonText.lower(text)) }
        return value
    }

    /// A stable sort by `key`, as Python's `sorted`.
    private static func sorted(_ items: [Value], reverse: Bool, key: (Value) throws -> Value) throws -> [Value] {
        let keyed = try items.enumerated().map { (offset: $0.offset, key: try key($0.element), item: $0.element) }
        var failure: Error? = nil
        let ordered = keyed.sorted { a, b in
            do {
                if try Value.less(reverse ? b.key : a.key, reverse ? a.key : b.key) { return true }
                if try Value.less(reverse ? a.key : b.key, reverse ? b.key : a.key) { return false }
            } catch {
                failure = failure ?? error
            }
            return a.offset < b.offset
        }
        if let failure { throw failure }
        return ordered.map(\.item)
    }

    /// Python's `int(value)` / `int(text, base)`; nil where Jinja's `int` filter falls back to its default.
    static func toInt(_ value: Value, base: Int) -> Value? {
        switch value {
        case .int: return value
        case .bool(let v): return .int(v ? 1 : 0)
        case .double(let v):
            guard v.isFinite, v > -9.3e18, v < 9.3e18 else { return nil }
            return .int(Int(v))
        case .string(let text):
            let trimmed = PythonText.strip(text, nil).replacingOccurrences(of: "_", with: "")
            if (2...36).contains(base), let parsed = Int(trimmed, radix: base) { return .int(parsed) }
            if let parsed = Double(trimmed), parsed.isFinite, parsed > -9.3e18, parsed < 9.3e18 { return .int(Int(parsed)) }
            return nil
        default: return nil
        }
    }

    static func toFloat(_ value: Value) -> Double? {
        switch value {
        case .int(let v): return Double(v)
        case .bool(let v): return v ? 1 : 0
        case .double(let v): return v
        case .string(let text):
            let trimmed = PythonText.strip(text, nil).replacingOccurrences(of: "_", with: "").lowercased()
            switch trimmed {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: return Double(trimmed)
            }
        default: return nil
        }
    }

    private static func round(_ value: Value, _ arguments: Arguments) throws -> Value {
        let bound = try arguments.bind("round", ["precision", "method"])
        let precision = try bound[0].given.map { try $0.asInt("precision") } ?? 0
        let method = try bound[1].given.map { try $0.asString("method") } ?? "common"
        guard let number = toFloat(value), !(value.isString) else {
            throw TemplateFault("TypeError: type \(value.typeName) doesn't define __round__ method")
        }
        let scale = pow(10.0, Double(precision))
        let rule: FloatingPointRoundingRule
        switch method {
        case "common": rule = .toNearestOrEven
        case "ceil": rule = .up
        case "floor": rule = .down
        default: throw TemplateFault("method must be common, ceil or floor")
        }
        return .double((number * scale).rounded(rule) / scale)
    }

    private static func map(_ value: Value, _ arguments: Arguments) throws -> Value {
        let items = try value.iterate()
        if let attribute = arguments.keywords.first(where: { $0.0 == "attribute" })?.1 {
            let fallback = arguments.keywords.first(where: { $0.0 == "default" })?.1
            return .array(try items.map { item in
                let found = try Access.path(item, attribute)
                if found.isUndefined, let fallback { return fallback }
                return found
            })
        }
        guard case .string(let filter)? = arguments.positional.first else {
            throw TemplateFault("map needs a filter name or attribute=")
        }
        guard supported.contains(filter) else { throw TemplateFault.unsupported("no filter named '\(filter)'") }
        let rest = Arguments(Array(arguments.positional.dropFirst()), keywords: arguments.keywords)
        return .array(try items.map { try apply(filter, $0, rest) })
    }

    private static func select(_ name: String, _ value: Value, _ arguments: Arguments) throws -> Value {
        let byAttribute = name.hasSuffix("attr")
        let keep = name.hasPrefix("select")
        var rest = arguments.positional
        var attribute: Value? = nil
        if byAttribute {
            guard !rest.isEmpty else { throw TemplateFault("TypeError: \(name) needs an attribute name") }
            attribute = rest.removeFirst()
        }
        var test: String? = nil
        if !rest.isEmpty { test = try rest.removeFirst().asString("test name") }
        if let test, !Predicates.supported.contains(test) {
            throw TemplateFault.unsupported("no test named '\(test)'")
        }
        return .array(try value.iterate().filter { item in
            let subject = try attribute.map { try Access.path(item, $0) } ?? item
            let passed = try test.map { try Predicates.test($0, subject, rest) } ?? subject.truthy
            return passed == keep
        })
    }

    private static func indent(_ value: Value, _ arguments: Arguments) throws -> Value {
        let bound = try arguments.bind("indent", ["width", "first", "blank"])
        let indentation: String
        if case .string(let text)? = bound[0] { indentation = text } else {
            let width = max(try bound[0].given.map { try $0.asInt("width") } ?? 4, 0)
            try Value.checkSize(width)
            indentation = String(repeating: " ", count: width)
        }
        let text = try value.str() + "\n"
        var lines = PythonText.splitLines(text, keepEnds: false)
        let (growth, overflowed) = (lines.count + 1).multipliedReportingOverflow(by: indentation.utf8.count)
        try Value.checkSize(overflowed ? Int.max : text.utf8.count + growth)
        var result: String
        if bound[2]?.truthy ?? false {
            result = lines.joined(separator: "\n" + indentation)
        } else {
            result = lines.isEmpty ? "" : lines.removeFirst()
            if !lines.isEmpty { result += "\n" + lines.map { $0.isEmpty ? $0 : indentation + $0 }.joined(separator: "\n") }
        }
        if bound[1]?.truthy ?? false { result = indentation + result }
        return .string(result)
    }
}

extension Value {
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
