/// Python's `str` behaviour on Unicode scalars (Python strings are sequences of code points; Swift's `String`
/// compares and counts by grapheme clusters and canonical equivalence, which would change lengths, slices and
/// comparisons). Everything string-shaped that must match transformers goes through here.
enum PythonText {
    /// `str.isspace()` — also what Python's `\s` and `str.strip()` use: Unicode White_Space plus the
    /// information separators U+001C…U+001F.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        (0x1C...0x1F).contains(scalar.value) || scalar.properties.isWhitespace
    }

    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && scalar.properties.isAlphabetic)
            || (!scalar.isASCII && scalar.properties.isXIDStart)
    }

    static func isIdentifierContinue(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "_" || (scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
            || (!scalar.isASCII && scalar.properties.isXIDContinue)
    }

    static func scalars(_ text: String) -> [Unicode.Scalar] { Array(text.unicodeScalars) }

    static func string<S: Sequence<Unicode.Scalar>>(_ scalars: S) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }

    static func equal(_ a: String, _ b: String) -> Bool { a.unicodeScalars.elementsEqual(b.unicodeScalars) }

    static func less(_ a: String, _ b: String) -> Bool {
        a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars)
    }

    static func count(_ text: String) -> Int { text.unicodeScalars.count }

    /// The offset of `needle` in `haystack` at or after `from`, by code points.
    static func find(_ needle: [Unicode.Scalar], in haystack: [Unicode.Scalar], from: Int = 0) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        if needle.isEmpty { return from <= haystack.count ? from : nil }
        var index = max(from, 0)
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) {
                return index
            }
            index += 1
        }
        return nil
    }

    static func contains(_ haystack: String, _ needle: String) -> Bool {
        find(scalars(needle), in: scalars(haystack)) != nil
    }

    // MARK: - Case

    static func upper(_ text: String) -> String { text.uppercased() }
    static func lower(_ text: String) -> String { text.lowercased() }

    private static func isCased(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isUppercase || scalar.properties.isLowercase
            || scalar.properties.generalCategory == .titlecaseLetter
    }

    /// `str.title()`: a cased character after an uncased one starts a word.
    static func title(_ text: String) -> String {
        var result = ""
        var previousCased = false
        for scalar in text.unicodeScalars {
            if isCased(scalar) {
                result += previousCased ? scalar.properties.lowercaseMapping : scalar.properties.titlecaseMapping
                previousCased = true
            } else {
                result.unicodeScalars.append(scalar)
                previousCased = false
            }
        }
        return result
    }

    /// `str.capitalize()`: the first character title-cased, the rest lower-cased.
    static func capitalize(_ text: String) -> String {
        var result = ""
        for (index, scalar) in text.unicodeScalars.enumerated() {
            result += index == 0 ? scalar.properties.titlecaseMapping : scalar.properties.lowercaseMapping
        }
        return result
    }

    // MARK: - Stripping and splitting

    static func strip(_ text: String, _ chars: String?, leading: Bool = true, trailing: Bool = true) -> String {
        let scalars = Array(text.unicodeScalars)
        let set = chars.map { Set($0.unicodeScalars) }
        func strippable(_ scalar: Unicode.Scalar) -> Bool { set?.contains(scalar) ?? isSpace(scalar) }
        var start = 0
        var end = scalars.count
        if leading { while start < end, strippable(scalars[start]) { start += 1 } }
        if trailing { while end > start, strippable(scalars[end - 1]) { end -= 1 } }
        return string(scalars[start..<end])
    }

    /// `str.split(sep, maxsplit)`; `sep == nil` splits on runs of whitespace and drops empty pieces.
    static func split(_ text: String, _ separator: String?, maxSplit: Int) throws -> [String] {
        let scalars = Array(text.unicodeScalars)
        var pieces: [String] = []
        guard let separator else {
            var index = 0
            while index < scalars.count {
                while index < scalars.count, isSpace(scalars[index]) { index += 1 }
                guard index < scalars.count else { break }
                if maxSplit >= 0, pieces.count == maxSplit {
                    var end = scalars.count
                    while end > index, isSpace(scalars[end - 1]) { end -= 1 }
                    pieces.append(string(scalars[index..<end]))
                    break
                }
                let start = index
                while index < scalars.count, !isSpace(scalars[index]) { index += 1 }
                pieces.append(string(scalars[start..<index]))
            }
            return pieces
        }
        let needle = Array(separator.unicodeScalars)
        guard !needle.isEmpty else { throw TemplateFault("ValueError: empty separator") }
        var start = 0
        while maxSplit < 0 || pieces.count < maxSplit, let found = find(needle, in: scalars, from: start) {
            pieces.append(string(scalars[start..<found]))
            start = found + needle.count
        }
        pieces.append(string(scalars[start...]))
        return pieces
    }

    /// `str.rsplit(sep, maxsplit)` with an explicit separator; without one it is `split` unless limited.
    static func rsplit(_ text: String, _ separator: String?, maxSplit: Int) throws -> [String] {
        guard maxSplit >= 0 else { return try split(text, separator, maxSplit: -1) }
        let reversed = string(text.unicodeScalars.reversed())
        let reversedSeparator = separator.map { string($0.unicodeScalars.reversed()) }
        return try split(reversed, reversedSeparator, maxSplit: maxSplit).reversed().map {
            string($0.unicodeScalars.reversed())
        }
    }

    /// `str.replace`; the result's size is checked before it is built.
    static func replace(_ text: String, _ old: String, _ new: String, count: Int) throws -> String {
        let scalars = Array(text.unicodeScalars)
        let needle = Array(old.unicodeScalars)
        if new.utf8.count > old.utf8.count {
            var occurrences = 0
            if needle.isEmpty {
                occurrences = scalars.count + 1
            } else {
                var from = 0
                while let found = find(needle, in: scalars, from: from) {
                    occurrences += 1
                    from = found + needle.count
                }
            }
            if count >= 0 { occurrences = min(occurrences, count) }
            let (growth, overflowed) = occurrences.multipliedReportingOverflow(by: new.utf8.count - old.utf8.count)
            try Value.checkSize(overflowed ? Int.max : text.utf8.count + growth)
        }
        let replacement = Array(new.unicodeScalars)
        var result: [Unicode.Scalar] = []
        var index = 0
        var done = 0
        if needle.isEmpty {
            // Python inserts the replacement between every character and at both ends.
            for scalar in scalars {
                if count < 0 || done < count { result += replacement; done += 1 }
                result.append(scalar)
            }
            if count < 0 || done < count { result += replacement }
            return string(result)
        }
        while count < 0 || done < count, let found = find(needle, in: scalars, from: index) {
            result += scalars[index..<found]
            result += replacement
            index = found + needle.count
            done += 1
        }
        result += scalars[index...]
        return string(result)
    }

    // MARK: - repr

    /// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote.
    static func repr(_ text: String) -> String {
        let quote: Unicode.Scalar = text.unicodeScalars.contains("'") && !text.unicodeScalars.contains("\"") ? "\"" : "'"
        var result = String.UnicodeScalarView()
        result.append(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case quote, "\\":
                result.append("\\")
                result.append(scalar)
            case "\n": result.append(contentsOf: "\\n".unicodeScalars)
            case "\r": result.append(contentsOf: "\\r".unicodeScalars)
            case "\t": result.append(contentsOf: "\\t".unicodeScalars)
            default:
                if isPrintable(scalar) {
                    result.append(scalar)
                } else {
                    let hex = String(scalar.value, radix: 16)
                    let width = scalar.value < 0x100 ? 2 : scalar.value < 0x10000 ? 4 : 8
                    let prefix = width == 2 ? "\\x" : width == 4 ? "\\u" : "\\U"
                    result.append(contentsOf: (prefix + String(repeating: "0", count: width - hex.count) + hex).unicodeScalars)
                }
            }
        }
        result.append(quote)
        return String(result)
    }

    /// `str.isprintable()` for one character: not a control, format, separator (other than space), surrogate,
    /// private-use or unassigned code point.
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
            .spaceSeparator:
            return false
        default:
            return true
        }
    }

    // MARK: - Numbers

    /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the decimal exponent
    /// is in [-4, 16), else `d.ddde±XX`; always with a `.0` when integral.
    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        // Swift's description is also shortest-round-trip; only its layout differs from Python's.
        var text = Substring(value.magnitude.description)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits = ""
        var pointPosition = text.count
        for (offset, character) in text.enumerated() {
            if character == "." { pointPosition = offset } else { digits.append(character) }
        }
        var decimalPoint = pointPosition + exponent  // digits[0..<decimalPoint] are the integer part
        while digits.hasPrefix("0"), digits.count > 1 {
            digits.removeFirst()
            decimalPoint -= 1
        }
        while digits.hasSuffix("0"), digits.count > 1 { digits.removeLast() }
        let sign = value < 0 ? "-" : ""
        if decimalPoint > 16 || decimalPoint <= -4 {
            let e = decimalPoint - 1
            let mantissa = digits.count > 1 ? "\(digits.prefix(1)).\(digits.dropFirst())" : digits
            let exponentText = String(abs(e))
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + (exponentText.count < 2 ? "0" : "") + exponentText
        }
        if decimalPoint <= 0 { return sign + "0." + String(repeating: "0", count: -decimalPoint) + digits }
        if decimalPoint >= digits.count {
            return sign + digits + String(repeating: "0", count: decimalPoint - digits.count) + ".0"
        }
        let split = digits.index(digits.startIndex, offsetBy: decimalPoint)
        return sign + digits[..<split] + "." + digits[split...]
    }
}

extension PythonText {
    /// `str.splitlines()`: splits on \n, \r, \r\n, \v, \f, \x1c–\x1e, \x85, U+2028, U+2029.
    static func splitLines(_ text: String, keepEnds: Bool) -> [String] {
        let scalars = Array(text.unicodeScalars)
        let breaks: Set<UInt32> = [0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029]
        var lines: [String] = []
        var start = 0
        var index = 0
        while index < scalars.count {
            guard breaks.contains(scalars[index].value) else {
                index += 1
                continue
            }
            var end = index + 1
            if scalars[index] == "\r", end < scalars.count, scalars[end] == "\n" { end += 1 }
            lines.append(string(scalars[start..<(keepEnds ? end : index)]))
            start = end
            index = end
        }
        if start < scalars.count { lines.append(string(scalars[start...])) }
        return lines
    }
}
