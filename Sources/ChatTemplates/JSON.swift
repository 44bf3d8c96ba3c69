/// Python's `json.dumps` as transformers' `tojson` filter calls it (`ensure_ascii=False` by default, no HTML
/// escaping — unlike Jinja's own `tojson`), and an order-preserving JSON reader for `TemplateValue` (tool schemas
/// must serialise back with their keys in the order they were written).
enum JSONText {
    struct Options {
        /// nil: one line; otherwise newlines and this per level.
        var indent: String? = nil
        var itemSeparator: String? = nil
        var keySeparator: String? = nil
        var sortKeys = false
        var ensureASCII = false
    }

    static func dumps(_ value: Value, _ options: Options = Options()) throws -> String {
        var output = ""
        let itemSeparator = options.itemSeparator ?? (options.indent == nil ? ", " : ",")
        let keySeparator = options.keySeparator ?? ": "
        try write(value, into: &output, options, itemSeparator, keySeparator, depth: 0)
        return output
    }

    private static func write(
        _ value: Value, into output: inout String, _ options: Options, _ itemSeparator: String,
        _ keySeparator: String, depth: Int
    ) throws {
        guard depth < Value.maxNesting else { throw Value.nestingFault() }
        try Value.checkSize(output.utf8.count)
        func newline(_ level: Int) {
            guard let indent = options.indent else { return }
            output += "\n" + String(repeating: indent, count: level)
        }
        switch value {
        case .none: output += "null"
        case .bool(let v): output += v ? "true" : "false"
        case .int(let v): output += String(v)
        case .double(let v):
            if v.isNaN { output += "NaN" } else if v.isInfinite { output += v < 0 ? "-Infinity" : "Infinity" } else {
                output += PythonText.floatRepr(v)
            }
        case .string(let v):
            try Value.checkSize(output.utf8.count + v.utf8.count)
            output += quote(v, ensureASCII: options.ensureASCII)
        case .array(let items):
            guard !items.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (index, item) in items.enumerated() {
                if index > 0 { output += itemSeparator }
                newline(depth + 1)
                try write(item, into: &output, options, itemSeparator, keySeparator, depth: depth + 1)
            }
            newline(depth)
            output += "]"
        case .dict(let dict):
            guard dict.count > 0 else {
                output += "{}"
                return
            }
            var pairs = dict.pairs
            if options.sortKeys { pairs.sort { PythonText.less($0.0, $1.0) } }
            output += "{"
            for (index, (key, item)) in pairs.enumerated() {
                if index > 0 { output += itemSeparator }
                newline(depth + 1)
                output += quote(key, ensureASCII: options.ensureASCII) + keySeparator
                try write(item, into: &output, options, itemSeparator, keySeparator, depth: depth + 1)
            }
            newline(depth)
            output += "}"
        case .undefined, .namespace, .function, .loop:
            throw TemplateFault("TypeError: Object of type \(value.typeName) is not JSON serializable")
        }
    }

    static func quote(_ text: String, ensureASCII: Bool) -> String {
        var result = String.UnicodeScalarView()
        result.append("\"")
        func hex4(_ code: UInt32) {
            let digits = String(code, radix: 16)
            result.append(contentsOf: ("\\u" + String(repeating: "0", count: 4 - digits.count) + digits).unicodeScalars)
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result.append(contentsOf: "\\\"".unicodeScalars)
            case "\\": result.append(contentsOf: "\\\\".unicodeScalars)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            case "\u{08}": result.append(contentsOf: "\\b".unicodeScalars)
            case "\u{0C}": result.append(contentsOf: "\\f".unicodeScalars)
            default:
                if scalar.value < 0x20 {
                    hex4(scalar.value)
                } else if ensureASCII, scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let offset = scalar.value - 0x10000
                        hex4(0xD800 + (offset >> 10))
                        hex4(0xDC00 + (offset & 0x3FF))
                    } else {
                        hex4(scalar.value)
                    }
                } else {
                    result.append(scalar)
                }
            }
        }
        result.append("\"")
        return String(result)
    }

    // MARK: - Reading

    /// Parses JSON text keeping object keys in order (Foundation's decoders do not). Nesting is capped.
    static func parse(_ text: String) throws -> TemplateValue {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.index == reader.scalars.count else { throw reader.fail("unexpected text after the JSON value") }
        return value
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0

        func fail(_ message: String) -> ChatTemplateError {
            var line = 1
            var column = 1
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return ChatTemplateError(.syntax, "invalid JSON: \(message)", at: SourceLocation(line: line, column: column))
        }

        mutating func skipWhitespace() {
            while index < scalars.count, [" ", "\n", "\r", "\t"].contains(scalars[index]) { index += 1 }
        }

        mutating func literal(_ word: String) -> Bool {
            let word = Array(word.unicodeScalars)
            guard index + word.count <= scalars.count, Array(scalars[index..<(index + word.count)]) == word else {
                return false
            }
            index += word.count
            return true
        }

        mutating func value(depth: Int) throws -> TemplateValue {
            guard depth < Value.maxNesting else { throw fail("nested deeper than \(Value.maxNesting) levels") }
            guard index < scalars.count else { throw fail("unexpected end of input") }
            switch scalars[index] {
            case "{":
                index += 1
                var pairs: [(String, TemplateValue)] = []
                skipWhitespace()
                if index < scalars.count, scalars[index] == "}" {
                    index += 1
                    return .dict(pairs)
                }
                while true {
                    skipWhitespace()
                    guard index < scalars.count, scalars[index] == "\"" else { throw fail("expected a string key") }
                    let key = try string()
                    skipWhitespace()
                    guard index < scalars.count, scalars[index] == ":" else { throw fail("expected ':'") }
                    index += 1
                    skipWhitespace()
                    let item = try value(depth: depth + 1)
                    if let existing = pairs.firstIndex(where: { $0.0 == key }) {
                        pairs[existing].1 = item
                    } else {
                        pairs.append((key, item))
                    }
                    skipWhitespace()
                    guard index < scalars.count else { throw fail("unexpected end of input in an object") }
                    if scalars[index] == "," {
                        index += 1
                        continue
                    }
                    guard scalars[index] == "}" else { throw fail("expected ',' or '}'") }
                    index += 1
                    return .dict(pairs)
                }
            case "[":
                index += 1
                var items: [TemplateValue] = []
                skipWhitespace()
                if index < scalars.count, scalars[index] == "]" {
                    index += 1
                    return .array(items)
                }
                while true {
                    skipWhitespace()
                    items.append(try value(depth: depth + 1))
                    skipWhitespace()
                    guard index < scalars.count else { throw fail("unexpected end of input in an array") }
                    if scalars[index] == "," {
                        index += 1
                        continue
                    }
                    guard scalars[index] == "]" else { throw fail("expected ',' or ']'") }
                    index += 1
                    return .array(items)
                }
            case "\"":
                return .string(try string())
            default:
                if literal("true") { return .bool(true) }
                if literal("false") { return .bool(false) }
                if literal("null") { return .none }
                return try number()
            }
        }

        mutating func number() throws -> TemplateValue {
            let start = index
            var isFloat = false
            while index < scalars.count {
                let scalar = scalars[index]
                if ("0"..."9").contains(scalar) || scalar == "-" || scalar == "+" {
                    index += 1
                } else if scalar == "." || scalar == "e" || scalar == "E" {
                    isFloat = true
                    index += 1
                } else {
                    break
                }
            }
            let text = PythonText.string(scalars[start..<index])
            if !isFloat, let value = Int(text) { return .int(value) }
            guard !text.isEmpty, let value = Double(text) else { throw fail("unexpected '\(text.isEmpty ? "?" : text)'") }
            return .double(value)
        }

        mutating func string() throws -> String {
            index += 1
            var result = String.UnicodeScalarView()
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "\"" { return String(result) }
                guard scalar == "\\" else {
                    result.append(scalar)
                    continue
                }
                guard index < scalars.count else { break }
                let escaped = scalars[index]
                index += 1
                switch escaped {
                case "\"", "\\", "/": result.append(escaped)
                case "b": result.append("\u{08}")
                case "f": result.append("\u{0C}")
                case "n": result.append("\n")
                case "r": result.append("\r")
                case "t": result.append("\t")
                case "u":
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), literal("\\u") {
                        let low = try hex4()
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else { throw fail("\\u escape is not a Unicode scalar") }
                    result.append(decoded)
                default: throw fail("bad escape '\\\(escaped)'")
                }
            }
            throw fail("unterminated string")
        }

        mutating func hex4() throws -> UInt32 {
            guard index + 4 <= scalars.count,
                let code = UInt32(PythonText.string(scalars[index..<(index + 4)]), radix: 16)
            else { throw fail("bad \\u escape") }
            index += 4
            return code
        }
    }
}
