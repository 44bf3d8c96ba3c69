/// Parses tokens into statements, following Jinja2's parser (jinja2/parser.py) for the constructs chat templates
/// use, and rejecting the rest by name: anything this renderer cannot render exactly fails here, at parse time,
/// never as a silently different prompt.
struct Parser {
    /// Deeper nesting than this (blocks inside blocks, parentheses inside parentheses) is refused rather than
    /// risking the stack on a hostile template.
    static let maxDepth = 64

    private let tokens: [Token]
    private var index = 0
    private var depth = 0
    private var loopDepth = 0

    /// Tags Jinja has that this subset does not render.
    private static let unsupportedTags: Set<String> = [
        "call", "include", "import", "from", "extends", "block", "with", "autoescape", "do", "trans", "pluralize",
        "endtrans", "recursive",
    ]

    init(tokens: [Token]) { self.tokens = tokens }

    static func parse(_ tokens: [Token]) throws -> [Statement] {
        var parser = Parser(tokens: tokens)
        let (body, end) = try parser.statements(until: [], opener: nil)
        if let end { throw parser.unexpectedEndTag(end, innermost: nil) }
        return body
    }

    // MARK: - Token stream

    var current: Token { tokens[min(index, tokens.count - 1)] }

    private func peek(_ offset: Int = 1) -> Token { tokens[min(index + offset, tokens.count - 1)] }

    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func isName(_ name: String, _ token: Token? = nil) -> Bool {
        if case .name(let value) = (token ?? current).kind { return value == name }
        return false
    }

    func isOp(_ op: String, _ token: Token? = nil) -> Bool {
        if case .op(let value) = (token ?? current).kind { return value == op }
        return false
    }

    func syntaxError(_ message: String, at token: Token? = nil) -> ChatTemplateError {
        ChatTemplateError(.syntax, message, at: (token ?? current).location)
    }

    func unexpected(expected: String) -> ChatTemplateError {
        syntaxError("expected \(expected), got \(current.display)")
    }

    mutating func expectOp(_ op: String) throws {
        guard isOp(op) else { throw unexpected(expected: "'\(op)'") }
        _ = advance()
    }

    mutating func expectName() throws -> String {
        guard case .name(let name) = current.kind else { throw unexpected(expected: "a name") }
        _ = advance()
        return name
    }

    mutating func expectName(_ name: String) throws {
        guard isName(name) else { throw unexpected(expected: "'\(name)'") }
        _ = advance()
    }

    mutating func expectBlockEnd() throws {
        guard case .blockEnd = current.kind else { throw unexpected(expected: "'%}' to end the tag") }
        _ = advance()
    }

    mutating func enter(_ token: Token) throws {
        depth += 1
        guard depth <= Self.maxDepth else {
            throw ChatTemplateError(.runtime, "the template nests deeper than \(Self.maxDepth) levels", at: token.location)
        }
    }

    mutating func leave() { depth -= 1 }

    // MARK: - Statements

    /// Statements up to a `{% name %}` tag whose name is in `endNames`; returns with the stream on that name (the
    /// `{%` consumed) and the name, or nil at the end of the template when `endNames` is empty.
    private mutating func statements(until endNames: Set<String>, opener: Token?) throws -> ([Statement], String?) {
        var body: [Statement] = []
        while true {
            let token = current
            switch token.kind {
            case .text(let text):
                _ = advance()
                body.append(Statement(kind: .text(text), location: token.location))
            case .variableBegin:
                _ = advance()
                let expression = try parseTuple()
                guard case .variableEnd = current.kind else { throw unexpected(expected: "'}}' to end the expression") }
                _ = advance()
                body.append(Statement(kind: .output(expression), location: token.location))
            case .blockBegin:
                _ = advance()
                guard case .name(let name) = current.kind else { throw unexpected(expected: "a tag name after '{%'") }
                if endNames.contains(name) { return (body, name) }
                if name.hasPrefix("end") || name == "else" || name == "elif" {
                    throw unexpectedEndTag(name, innermost: opener, expected: endNames)
                }
                body.append(try statement(name))
            case .end:
                guard endNames.isEmpty else {
                    let expected = endNames.sorted().map { "'\($0)'" }.joined(separator: " or ")
                    let what = opener.map { "the '\(blockName($0))' block opened at \($0.location)" } ?? "a block"
                    throw syntaxError("unexpected end of template: \(what) is never closed (expected \(expected))")
                }
                return (body, nil)
            default:
                throw syntaxError("unexpected \(token.display)")
            }
        }
    }

    private func blockName(_ token: Token) -> String {
        if case .name(let name) = token.kind { return name }
        return "?"
    }

    func unexpectedEndTag(_ name: String, innermost: Token?, expected: Set<String> = []) -> ChatTemplateError {
        guard let innermost else {
            return syntaxError("unexpected '{% \(name) %}': no block is open")
        }
        let wanted = expected.sorted().map { "'\($0)'" }.joined(separator: " or ")
        return syntaxError(
            "unexpected '{% \(name) %}': the innermost open block is '\(blockName(innermost))' at \(innermost.location), "
                + "which expects \(wanted)")
    }

    private mutating func statement(_ name: String) throws -> Statement {
        let token = current
        try enter(token)
        defer { leave() }
        _ = advance()
        switch name {
        case "for": return try parseFor(token)
        case "if": return try parseIf(token)
        case "set": return try parseSet(token)
        case "macro": return try parseMacro(token)
        case "filter":
            let filters = try parseFilterChain()
            try expectBlockEnd()
            let (body, _) = try statements(until: ["endfilter"], opener: token)
            try closeBlock()
            return Statement(kind: .filterBlock(filters: filters, body: body), location: token.location)
        case "generation":
            // transformers' `{% generation %}` marks assistant text for its token mask; the text renders as is.
            try expectBlockEnd()
            let (body, _) = try statements(until: ["endgeneration"], opener: token)
            try closeBlock()
            return Statement(kind: .conditional(branches: [(Expression(kind: .constant(.bool(true)), location: token.location), body)], otherwise: []), location: token.location)
        case "break", "continue":
            guard loopDepth > 0 else { throw syntaxError("'{% \(name) %}' outside a for loop", at: token) }
            try expectBlockEnd()
            return Statement(kind: name == "break" ? .breakLoop : .continueLoop, location: token.location)
        default:
            if Self.unsupportedTags.contains(name) {
                throw ChatTemplateError(.unsupported, "the '{% \(name) %}' tag is not supported", at: token.location)
            }
            throw syntaxError("unknown tag '\(name)'", at: token)
        }
    }

    /// Consumes the end tag's name (its `{%` is already consumed) and `%}`.
    private mutating func closeBlock() throws {
        _ = advance()
        try expectBlockEnd()
    }

    private mutating func parseFor(_ token: Token) throws -> Statement {
        let target = try parseTarget(allowAttribute: false)
        try expectName("in")
        let iterable = try parseTuple(withConditional: false)
        var condition: Expression? = nil
        if isName("if") {
            _ = advance()
            condition = try parseExpression()
        }
        if isName("recursive") {
            throw ChatTemplateError(.unsupported, "recursive for loops are not supported", at: current.location)
        }
        try expectBlockEnd()
        loopDepth += 1
        let (body, end) = try statements(until: ["endfor", "else"], opener: token)
        loopDepth -= 1
        var otherwise: [Statement] = []
        if end == "else" {
            try closeBlock()
            (otherwise, _) = try statements(until: ["endfor"], opener: token)
        }
        try closeBlock()
        let loop = ForLoop(target: target, iterable: iterable, condition: condition, body: body, otherwise: otherwise)
        return Statement(kind: .forLoop(loop), location: token.location)
    }

    private mutating func parseIf(_ token: Token) throws -> Statement {
        var branches: [(condition: Expression, body: [Statement])] = []
        var otherwise: [Statement] = []
        var condition = try parseTuple(withConditional: false)
        while true {
            try expectBlockEnd()
            let (body, end) = try statements(until: ["elif", "else", "endif"], opener: token)
            branches.append((condition, body))
            if end == "elif" {
                _ = advance()
                condition = try parseTuple(withConditional: false)
                continue
            }
            if end == "else" {
                try closeBlock()
                (otherwise, _) = try statements(until: ["endif"], opener: token)
            }
            try closeBlock()
            break
        }
        return Statement(kind: .conditional(branches: branches, otherwise: otherwise), location: token.location)
    }

    private mutating func parseSet(_ token: Token) throws -> Statement {
        let target = try parseTarget(allowAttribute: true)
        if isOp("=") {
            _ = advance()
            let value = try parseTuple()
            try expectBlockEnd()
            return Statement(kind: .assign(target: target, value: value), location: token.location)
        }
        let filters = isOp("|") ? try parseFilterChain() : []
        try expectBlockEnd()
        let (body, _) = try statements(until: ["endset"], opener: token)
        try closeBlock()
        return Statement(kind: .assignBlock(target: target, filters: filters, body: body), location: token.location)
    }

    private mutating func parseMacro(_ token: Token) throws -> Statement {
        let name = try expectName()
        try expectOp("(")
        var parameters: [(name: String, defaultValue: Expression?)] = []
        while !isOp(")") {
            if !parameters.isEmpty { try expectOp(",") }
            if isOp(")") { break }
            let parameter = try expectName()
            var defaultValue: Expression? = nil
            if isOp("=") {
                _ = advance()
                defaultValue = try parseExpression()
            } else if parameters.last?.defaultValue != nil {
                throw syntaxError("non-default argument '\(parameter)' follows a default argument")
            }
            parameters.append((parameter, defaultValue))
        }
        _ = advance()
        try expectBlockEnd()
        let savedLoopDepth = loopDepth
        loopDepth = 0
        let (body, _) = try statements(until: ["endmacro"], opener: token)
        loopDepth = savedLoopDepth
        try closeBlock()
        return Statement(kind: .macro(Macro(name: name, parameters: parameters, body: body)), location: token.location)
    }

    /// `x`, `a, b`, `(a, b)`, or (for `set`) `ns.attribute`.
    private mutating func parseTarget(allowAttribute: Bool) throws -> Target {
        var targets: [Target] = []
        repeat {
            if !targets.isEmpty { _ = advance() }
            if isOp("(") {
                _ = advance()
                targets.append(try parseTarget(allowAttribute: false))
                try expectOp(")")
                continue
            }
            let name = try expectName()
            if allowAttribute, isOp(".") {
                _ = advance()
                targets.append(.attribute(namespace: name, attribute: try expectName()))
            } else {
                targets.append(.name(name))
            }
        } while isOp(",")
        return targets.count == 1 ? targets[0] : .tuple(targets)
    }
}
