/// The literals inside `{% %}` and `{{ }}`: numbers (Python's integer and float syntax) and quoted strings with
/// Python's escapes.
extension Lexer {
    func isDigit(_ scalar: Unicode.Scalar?) -> Bool {
        guard let scalar else { return false }
        return scalar >= "0" && scalar <= "9"
    }

    /// Digits with single underscores between them (`1_000`), from `offset`; the end, or nil if none.
    func digits(from offset: Int, hex: Bool = false) -> Int? {
        var index = offset
        func isDigitHere(_ i: Int) -> Bool {
            guard let s = scalar(i) else { return false }
            return hex ? s.properties.isASCIIHexDigit : isDigit(s)
        }
        guard isDigitHere(index) else { return nil }
        while true {
            while isDigitHere(index) { index += 1 }
            if scalar(index) == "_", isDigitHere(index + 1) { index += 1 } else { break }
        }
        return index
    }

    func text(_ start: Int, _ end: Int) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[start..<end].filter { $0 != "_" })
        return String(view)
    }

    func number(at offset: Int) throws -> (Token.Kind, Int)? {
        guard isDigit(scalar(offset)), offset == 0 || source[offset - 1] != "." else {
            // A digit right after '.' is an attribute (`x.0`), lexed as an integer below.
            if isDigit(scalar(offset)), let end = digits(from: offset), let value = Int(text(offset, end)) {
                return (.integer(value), end)
            }
            return nil
        }
        if source[offset] == "0", let kind = scalar(offset + 1).map({ Character($0).lowercased() }),
            kind == "x" || kind == "o" || kind == "b"
        {
            let radix = kind == "x" ? 16 : kind == "o" ? 8 : 2
            var start = offset + 2
            if scalar(start) == "_" { start += 1 }
            if let end = digits(from: start, hex: radix == 16), let value = Int(text(start, end), radix: radix) {
                return (.integer(value), end)
            }
        }
        guard let intEnd = digits(from: offset) else { return nil }
        var end = intEnd
        var isFloat = false
        if scalar(end) == ".", let fractionEnd = digits(from: end + 1) {
            end = fractionEnd
            isFloat = true
        }
        if let e = scalar(end), e == "e" || e == "E" {
            var exponent = end + 1
            if let s = scalar(exponent), s == "+" || s == "-" { exponent += 1 }
            if let exponentEnd = digits(from: exponent) {
                end = exponentEnd
                isFloat = true
            }
        }
        let literal = text(offset, end)
        if isFloat {
            guard let value = Double(literal) else { throw syntaxError("bad number \(literal)", at: offset) }
            return (.float(value), end)
        }
        guard let value = Int(literal) else {
            throw syntaxError("integer \(literal) is too large (this renderer's integers are 64-bit)", at: offset)
        }
        return (.integer(value), end)
    }

    /// A quoted string from `offset`, with escapes decoded as Python's `unicode-escape` codec decodes them (what
    /// Jinja applies to string literals).
    func string(at offset: Int) throws -> (String, Int) {
        let quote = source[offset]
        var index = offset + 1
        var value = String.UnicodeScalarView()
        while index < source.count {
            let current = source[index]
            if current == quote { return (String(value), index + 1) }
            if current != "\\" {
                value.append(current)
                index += 1
                continue
            }
            guard let escaped = scalar(index + 1) else { break }
            index += 2
            switch escaped {
            case "\n": break
            case "\\": value.append("\\")
            case "'": value.append("'")
            case "\"": value.append("\"")
            case "a": value.append("\u{07}")
            case "b": value.append("\u{08}")
            case "f": value.append("\u{0C}")
            case "n": value.append("\n")
            case "r": value.append("\r")
            case "t": value.append("\t")
            case "v": value.append("\u{0B}")
            case "0"..."7":
                var code = Int(escaped.value - 48)
                var count = 1
                while count < 3, let digit = scalar(index), digit >= "0", digit <= "7" {
                    code = code * 8 + Int(digit.value - 48)
                    index += 1
                    count += 1
                }
                guard let decoded = Unicode.Scalar(code) else { throw syntaxError("bad octal escape", at: index) }
                value.append(decoded)
            case "x", "u", "U":
                let width = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                var code = 0
                for step in 0..<width {
                    guard let digit = scalar(index + step), let nibble = Int(String(digit), radix: 16) else {
                        throw syntaxError("truncated \\\(escaped) escape in string", at: index - 2)
                    }
                    code = code * 16 + nibble
                }
                index += width
                guard let decoded = Unicode.Scalar(code) else {
                    throw syntaxError("\\\(escaped) escape is not a Unicode scalar", at: index - width - 2)
                }
                value.append(decoded)
            case "N":
                throw ChatTemplateError(.unsupported, "\\N{…} escapes in strings are not supported", at: location(index - 2))
            default:
                value.append("\\")
                value.append(escaped)
            }
        }
        throw syntaxError("unterminated string: the \(quote) here is never closed", at: offset)
    }
}
