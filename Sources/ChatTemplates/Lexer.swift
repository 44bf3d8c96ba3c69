/// Splits a template into tokens exactly as Jinja2's lexer does with `trim_blocks=True, lstrip_blocks=True` (the
/// environment transformers renders chat templates in):
///
/// - newlines are normalised to `\n` and one trailing newline of the source is dropped (`keep_trailing_newline`
///   is off);
/// - `{%-`, `{{-`, `{#-` strip all whitespace before the tag; `-%}`, `-}}`, `-#}` strip all whitespace after it;
/// - trim_blocks: a block or comment tag's end (`%}`, `#}`) also eats one newline right after it (`+%}` keeps it);
/// - lstrip_blocks: whitespace between the start of a line and a block or comment tag is removed (`{%+` keeps
///   it); never before `{{`;
/// - `{% raw %}…{% endraw %}` is text;
/// - inside a tag, `}}` or `%}` ends it only outside brackets, so `{{ {'a': {'b': 1}} }}` lexes.
struct Lexer {
    let source: [Unicode.Scalar]
    private let lineStarts: [Int]
    private var position = 0
    private var tokens: [Token] = []
    /// Whether the last thing consumed ended a line: lstrip_blocks also applies to text with no newline in it
    /// when it starts a line (Jinja's `line_starting`).
    private var lineStarting = true

    init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var iterator = text.unicodeScalars.makeIterator()
        var pending = iterator.next()
        while let scalar = pending {
            pending = iterator.next()
            if scalar == "\r" {
                scalars.append("\n")
                if pending == "\n" { pending = iterator.next() }
            } else {
                scalars.append(scalar)
            }
        }
        if scalars.last == "\n" { scalars.removeLast() }
        source = scalars
        var starts = [0]
        for (index, scalar) in scalars.enumerated() where scalar == "\n" { starts.append(index + 1) }
        lineStarts = starts
    }

    static func tokenize(_ text: String) throws -> [Token] {
        var lexer = Lexer(text)
        try lexer.run()
        return lexer.tokens
    }

    // MARK: - Positions

    func location(_ offset: Int) -> SourceLocation {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(line: low + 1, column: offset - lineStarts[low] + 1)
    }

    func syntaxError(_ message: String, at offset: Int) -> ChatTemplateError {
        ChatTemplateError(.syntax, message, at: location(offset))
    }

    func at(_ offset: Int, _ text: String) -> Bool {
        var index = offset
        for scalar in text.unicodeScalars {
            guard index < source.count, source[index] == scalar else { return false }
            index += 1
        }
        return true
    }

    func scalar(_ offset: Int) -> Unicode.Scalar? { offset < source.count ? source[offset] : nil }

    private func skipPythonWhitespace(from offset: Int) -> Int {
        var index = offset
        while index < source.count, PythonText.isSpace(source[index]) { index += 1 }
        return index
    }

    // MARK: - Template level

    private mutating func run() throws {
        while position < source.count {
            guard let tagStart = nextTagStart(from: position) else {
                emitText(position, source.count)
                break
            }
            let opener = source[tagStart + 1]
            var index = tagStart + 2
            var sign: Unicode.Scalar? = nil
            if let next = scalar(index), next == "-" || next == "+" {
                sign = next
                index += 1
            }
            let textEnd = stripText(from: position, to: tagStart, sign: sign, isBlockOrComment: opener != "{")
            if opener == "%", let rawEnd = rawBeginEnd(after: index) {
                emitText(position, textEnd)
                position = rawEnd
                lineStarting = source[rawEnd - 1] == "\n"
                try lexRaw(openedAt: tagStart)
                continue
            }
            emitText(position, textEnd)
            switch opener {
            case "#":
                try lexComment(from: index, openedAt: tagStart)
            case "%":
                tokens.append(Token(kind: .blockBegin, location: location(tagStart)))
                try lexTag(from: index, openedAt: tagStart, isBlock: true)
            default:
                tokens.append(Token(kind: .variableBegin, location: location(tagStart)))
                try lexTag(from: index, openedAt: tagStart, isBlock: false)
            }
        }
        tokens.append(Token(kind: .end, location: location(source.count)))
    }

    private func nextTagStart(from offset: Int) -> Int? {
        var index = offset
        while index + 1 < source.count {
            if source[index] == "{" {
                let next = source[index + 1]
                if next == "{" || next == "%" || next == "#" { return index }
            }
            index += 1
        }
        return nil
    }

    /// Where the text before a tag ends once whitespace control has been applied to it.
    private func stripText(from start: Int, to end: Int, sign: Unicode.Scalar?, isBlockOrComment: Bool) -> Int {
        if sign == "-" {
            var index = end
            while index > start, PythonText.isSpace(source[index - 1]) { index -= 1 }
            return index
        }
        guard sign != "+", isBlockOrComment else { return end }
        var lineStart = end
        while lineStart > start, source[lineStart - 1] != "\n" { lineStart -= 1 }
        guard lineStart > start || lineStarting else { return end }
        // Jinja 3.1.6 checks `\s+` here: any Python whitespace, not only spaces and tabs.
        for index in lineStart..<end where !PythonText.isSpace(source[index]) { return end }
        return lineStart
    }

    private mutating func emitText(_ start: Int, _ end: Int) {
        guard end > start else { return }
        var text = String.UnicodeScalarView()
        text.append(contentsOf: source[start..<end])
        tokens.append(Token(kind: .text(String(text)), location: location(start)))
    }

    // MARK: - Comments and raw blocks

    private mutating func lexComment(from offset: Int, openedAt tagStart: Int) throws {
        // Jinja's lexer stops without an error when the source ends right after `{#`.
        if offset == source.count {
            position = offset
            return
        }
        var index = offset
        while index < source.count {
            if at(index, "+#}") {
                position = index + 3
                lineStarting = false
                return
            }
            if at(index, "-#}") {
                position = skipPythonWhitespace(from: index + 3)
                lineStarting = source[position - 1] == "\n"
                return
            }
            if at(index, "#}") {
                position = index + 2
                if scalar(position) == "\n" { position += 1 }
                lineStarting = source[position - 1] == "\n"
                return
            }
            index += 1
        }
        throw syntaxError("missing end of comment tag: the comment opened here never reaches '#}'", at: tagStart)
    }

    /// If the block tag starting its contents at `offset` is `{% raw %}`, where its `%}` ends (no trim_blocks:
    /// Jinja's raw-begin pattern has no newline suffix).
    private func rawBeginEnd(after offset: Int) -> Int? {
        var index = skipPythonWhitespace(from: offset)
        guard at(index, "raw") else { return nil }
        index += 3
        if let next = scalar(index), PythonText.isIdentifierContinue(next) { return nil }
        index = skipPythonWhitespace(from: index)
        if at(index, "-%}") { return skipPythonWhitespace(from: index + 3) }
        if at(index, "%}") { return index + 2 }
        return nil
    }

    private mutating func lexRaw(openedAt tagStart: Int) throws {
        // As for comments: a raw block opened at the very end of the source is nothing, not an error.
        if position == source.count { return }
        var index = position
        while let tagIndex = nextTagStart(from: index) {
            index = tagIndex + 1
            guard source[tagIndex + 1] == "%" else { continue }
            var cursor = tagIndex + 2
            var sign: Unicode.Scalar? = nil
            if let next = scalar(cursor), next == "-" || next == "+" {
                sign = next
                cursor += 1
            }
            cursor = skipPythonWhitespace(from: cursor)
            guard at(cursor, "endraw") else { continue }
            cursor = skipPythonWhitespace(from: cursor + 6)
            let tagEnd: Int
            if at(cursor, "+%}") {
                tagEnd = cursor + 3
            } else if at(cursor, "-%}") {
                tagEnd = skipPythonWhitespace(from: cursor + 3)
            } else if at(cursor, "%}") {
                tagEnd = scalar(cursor + 2) == "\n" ? cursor + 3 : cursor + 2
            } else {
                continue
            }
            emitText(position, stripText(from: position, to: tagIndex, sign: sign, isBlockOrComment: true))
            position = tagEnd
            lineStarting = source[tagEnd - 1] == "\n"
            return
        }
        throw syntaxError("missing end of raw directive: '{% raw %}' here has no '{% endraw %}'", at: tagStart)
    }

    // MARK: - Inside {% %} and {{ }}

    private static let operators: [String] = [
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    private mutating func lexTag(from offset: Int, openedAt tagStart: Int, isBlock: Bool) throws {
        var index = offset
        var brackets: [(Unicode.Scalar, Int)] = []
        while true {
            if brackets.isEmpty, let end = tagEnd(at: index, isBlock: isBlock) {
                tokens.append(Token(kind: isBlock ? .blockEnd : .variableEnd, location: location(index)))
                position = end
                lineStarting = source[end - 1] == "\n"
                return
            }
            guard index < source.count else {
                let what = isBlock ? "'{%' tag" : "'{{' tag"
                if let (bracket, bracketAt) = brackets.last {
                    throw syntaxError("unexpected end of template: '\(bracket)' at \(location(bracketAt)) is never closed", at: bracketAt)
                }
                throw syntaxError("unexpected end of template: the \(what) opened here is never closed", at: tagStart)
            }
            let current = source[index]
            if PythonText.isSpace(current) {
                index += 1
                continue
            }
            if let (kind, end) = try number(at: index) {
                tokens.append(Token(kind: kind, location: location(index)))
                index = end
                continue
            }
            if PythonText.isIdentifierStart(current) {
                var end = index + 1
                while end < source.count, PythonText.isIdentifierContinue(source[end]) { end += 1 }
                var name = String.UnicodeScalarView()
                name.append(contentsOf: source[index..<end])
                tokens.append(Token(kind: .name(String(name)), location: location(index)))
                index = end
                continue
            }
            if current == "'" || current == "\"" {
                let (value, end) = try string(at: index)
                tokens.append(Token(kind: .string(value), location: location(index)))
                index = end
                continue
            }
            guard let op = Self.operators.first(where: { at(index, $0) }) else {
                throw syntaxError("unexpected character '\(current.escaped(asASCII: false))'", at: index)
            }
            switch op {
            case "(", "[", "{":
                brackets.append((op.unicodeScalars.first!, index))
            case ")", "]", "}":
                guard let (open, openAt) = brackets.popLast() else {
                    throw syntaxError("unexpected '\(op)'", at: index)
                }
                let expected: Unicode.Scalar = open == "(" ? ")" : open == "[" ? "]" : "}"
                guard op.unicodeScalars.first == expected else {
                    throw syntaxError("unexpected '\(op)': '\(open)' at \(location(openAt)) expects '\(expected)'", at: index)
                }
            default:
                break
            }
            tokens.append(Token(kind: .op(op), location: location(index)))
            index += op.unicodeScalars.count
        }
    }

    /// The end of the tag if one closes at `offset`, with what whitespace control consumes after it.
    private func tagEnd(at offset: Int, isBlock: Bool) -> Int? {
        if isBlock {
            if at(offset, "+%}") { return offset + 3 }
            if at(offset, "-%}") { return skipPythonWhitespace(from: offset + 3) }
            if at(offset, "%}") { return scalar(offset + 2) == "\n" ? offset + 3 : offset + 2 }
            return nil
        }
        if at(offset, "-}}") { return skipPythonWhitespace(from: offset + 3) }
        if at(offset, "}}") { return offset + 2 }
        return nil
    }
}
