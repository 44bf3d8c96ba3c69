/// Expressions, with Jinja's precedence (lowest first): conditional `a if c else b`, `or`, `and`, `not`,
/// comparisons (`== != < <= > >= in`, `not in`), `+ -`, `~`, `* / // %`, `**`, unary `- +`, then a primary with
/// its postfixes (`.attr`, `[item]`, `[a:b]`, calls) and its filters and tests (`| f`, `is t`), which bind
/// tighter than any operator: `'a' + b | trim` trims only `b`, `not x is defined` is `not (x is defined)`.
extension Parser {
    mutating func parseExpression(withConditional: Bool = true) throws -> Expression {
        try enter(current)
        defer { leave() }
        return withConditional ? try parseConditional() : try parseOr()
    }

    /// An expression, or several separated by commas (a tuple, as in `{% set a, b = 1, 2 %}`).
    mutating func parseTuple(withConditional: Bool = true) throws -> Expression {
        let start = current
        let first = try parseExpression(withConditional: withConditional)
        guard isOp(",") else { return first }
        var items = [first]
        while isOp(",") {
            _ = advance()
            if !startsExpression { break }
            items.append(try parseExpression(withConditional: withConditional))
        }
        return Expression(kind: .tuple(items), location: start.location)
    }

    private var startsExpression: Bool {
        switch current.kind {
        case .name(let name): return !["in", "if", "else", "and", "or", "is"].contains(name)
        case .string, .integer, .float: return true
        case .op(let op): return ["(", "[", "{", "-", "+"].contains(op)
        default: return false
        }
    }

    private mutating func parseConditional() throws -> Expression {
        var expression = try parseOr()
        while isName("if") {
            let token = advance()
            let condition = try parseOr()
            var otherwise: Expression? = nil
            if isName("else") {
                _ = advance()
                otherwise = try parseExpression()
            }
            expression = Expression(kind: .conditional(condition: condition, then: expression, otherwise: otherwise), location: token.location)
        }
        return expression
    }

    private mutating func parseOr() throws -> Expression {
        var left = try parseAnd()
        while isName("or") {
            let token = advance()
            left = Expression(kind: .or(left, try parseAnd()), location: token.location)
        }
        return left
    }

    private mutating func parseAnd() throws -> Expression {
        var left = try parseNot()
        while isName("and") {
            let token = advance()
            left = Expression(kind: .and(left, try parseNot()), location: token.location)
        }
        return left
    }

    private mutating func parseNot() throws -> Expression {
        if isName("not") {
            let token = advance()
            try enter(token)
            defer { leave() }
            return Expression(kind: .not(try parseNot()), location: token.location)
        }
        return try parseCompare()
    }

    private mutating func parseCompare() throws -> Expression {
        let start = current
        let first = try parseMath1()
        var operations: [(op: String, operand: Expression)] = []
        while true {
            if case .op(let op) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(op) {
                _ = advance()
                operations.append((op, try parseMath1()))
            } else if isName("in") {
                _ = advance()
                operations.append(("in", try parseMath1()))
            } else if isName("not"), isName("in", peekToken(1)) {
                _ = advance()
                _ = advance()
                operations.append(("not in", try parseMath1()))
            } else {
                break
            }
        }
        return operations.isEmpty ? first : Expression(kind: .compare(first, operations), location: start.location)
    }

    private func peekToken(_ offset: Int) -> Token {
        var copy = self
        for _ in 0..<offset { _ = copy.advance() }
        return copy.current
    }

    private mutating func parseBinary(_ ops: Set<String>, _ operand: (inout Parser) throws -> Expression) throws -> Expression {
        var left = try operand(&self)
        while case .op(let op) = current.kind, ops.contains(op) {
            let token = advance()
            left = Expression(kind: .binary(op, left, try operand(&self)), location: token.location)
        }
        return left
    }

    private mutating func parseMath1() throws -> Expression { try parseBinary(["+", "-"]) { try $0.parseConcat() } }
    private mutating func parseConcat() throws -> Expression { try parseBinary(["~"]) { try $0.parseMath2() } }
    private mutating func parseMath2() throws -> Expression {
        try parseBinary(["*", "/", "//", "%"]) { try $0.parsePow() }
    }
    private mutating func parsePow() throws -> Expression { try parseBinary(["**"]) { try $0.parseUnary() } }

    private mutating func parseUnary(withFilters: Bool = true) throws -> Expression {
        let token = current
        try enter(token)
        defer { leave() }
        var expression: Expression
        if isOp("-") {
            _ = advance()
            expression = Expression(kind: .negate(try parseUnary(withFilters: false)), location: token.location)
        } else if isOp("+") {
            _ = advance()
            expression = Expression(kind: .plus(try parseUnary(withFilters: false)), location: token.location)
        } else {
            expression = try parsePrimary()
        }
        expression = try parsePostfix(expression)
        if withFilters { expression = try parseFiltersAndTests(expression) }
        return expression
    }

    private mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case .name(let name):
            _ = advance()
            switch name {
            case "true", "True": return Expression(kind: .constant(.bool(true)), location: token.location)
            case "false", "False": return Expression(kind: .constant(.bool(false)), location: token.location)
            case "none", "None": return Expression(kind: .constant(.none), location: token.location)
            default: return Expression(kind: .name(name), location: token.location)
            }
        case .string(var text):
            _ = advance()
            // Adjacent literals concatenate, as in Python: 'a' "b" is 'ab'.
            while case .string(let more) = current.kind {
                text += more
                _ = advance()
            }
            return Expression(kind: .constant(.string(text)), location: token.location)
        case .integer(let value):
            _ = advance()
            return Expression(kind: .constant(.int(value)), location: token.location)
        case .float(let value):
            _ = advance()
            return Expression(kind: .constant(.double(value)), location: token.location)
        case .op("("):
            _ = advance()
            if isOp(")") {
                _ = advance()
                return Expression(kind: .tuple([]), location: token.location)
            }
            let inner = try parseTuple()
            try expectOp(")")
            return inner
        case .op("["):
            _ = advance()
            var items: [Expression] = []
            while !isOp("]") {
                if !items.isEmpty { try expectOp(",") }
                if isOp("]") { break }
                items.append(try parseExpression())
            }
            _ = advance()
            return Expression(kind: .list(items), location: token.location)
        case .op("{"):
            _ = advance()
            var pairs: [(key: Expression, value: Expression)] = []
            while !isOp("}") {
                if !pairs.isEmpty { try expectOp(",") }
                if isOp("}") { break }
                let key = try parseExpression()
                try expectOp(":")
                pairs.append((key, try parseExpression()))
            }
            _ = advance()
            return Expression(kind: .dict(pairs), location: token.location)
        default:
            throw syntaxError("unexpected \(token.display) where an expression should start")
        }
    }

    private mutating func parsePostfix(_ base: Expression) throws -> Expression {
        var expression = base
        while true {
            if isOp(".") {
                let token = advance()
                switch current.kind {
                case .name(let name):
                    _ = advance()
                    expression = Expression(kind: .attribute(expression, name), location: token.location)
                case .integer(let value):
                    _ = advance()
                    let key = Expression(kind: .constant(.int(value)), location: token.location)
                    expression = Expression(kind: .item(expression, key), location: token.location)
                default:
                    throw unexpected(expected: "an attribute name after '.'")
                }
            } else if isOp("[") {
                expression = try parseSubscript(expression)
            } else if isOp("(") {
                expression = try parseCall(expression)
            } else {
                return expression
            }
        }
    }

    private mutating func parseSubscript(_ base: Expression) throws -> Expression {
        let token = advance()
        var parts: [Expression?] = []
        var current: Expression? = nil
        var isSlice = false
        while !isOp("]") {
            if isOp(":") {
                _ = advance()
                parts.append(current)
                current = nil
                isSlice = true
                continue
            }
            if isOp(",") {
                throw ChatTemplateError(.unsupported, "tuple subscripts (a[x, y]) are not supported", at: self.current.location)
            }
            guard current == nil else { throw unexpected(expected: "']'") }
            current = try parseExpression()
        }
        _ = advance()
        parts.append(current)
        guard isSlice else {
            guard let key = parts[0] else { throw syntaxError("empty subscript", at: token) }
            return Expression(kind: .item(base, key), location: token.location)
        }
        guard parts.count <= 3 else { throw syntaxError("a slice has at most three parts", at: token) }
        while parts.count < 3 { parts.append(nil) }
        return Expression(kind: .slice(base, start: parts[0], stop: parts[1], step: parts[2]), location: token.location)
    }

    private mutating func parseArguments() throws -> ([Expression], [(String, Expression)]) {
        try expectOp("(")
        var arguments: [Expression] = []
        var keywordArguments: [(String, Expression)] = []
        while !isOp(")") {
            if !arguments.isEmpty || !keywordArguments.isEmpty { try expectOp(",") }
            if isOp(")") { break }
            if isOp("*") || isOp("**") {
                throw ChatTemplateError(.unsupported, "*args and **kwargs in calls are not supported", at: self.current.location)
            }
            if case .name(let name) = current.kind, isOp("=", peekToken(1)) {
                _ = advance()
                _ = advance()
                keywordArguments.append((name, try parseExpression()))
            } else {
                guard keywordArguments.isEmpty else {
                    throw syntaxError("positional argument after a keyword argument")
                }
                arguments.append(try parseExpression())
            }
        }
        _ = advance()
        return (arguments, keywordArguments)
    }

    private mutating func parseCall(_ callee: Expression) throws -> Expression {
        let token = current
        let (arguments, keywordArguments) = try parseArguments()
        return Expression(kind: .call(callee, arguments: arguments, keywordArguments: keywordArguments), location: token.location)
    }

    /// `| name(args) | name …` after a `{% filter %}` or `{% set x | … %}` tag, or after an expression.
    mutating func parseFilterChain() throws -> [FilterCall] {
        var filters: [FilterCall] = []
        repeat {
            if isOp("|") { _ = advance() }
            filters.append(try parseFilter())
        } while isOp("|")
        return filters
    }

    private mutating func dottedName() throws -> String {
        var name = try expectName()
        while isOp(".") {
            _ = advance()
            name += "." + (try expectName())
        }
        return name
    }

    private mutating func parseFilter() throws -> FilterCall {
        let token = current
        let name = try dottedName()
        var arguments: [Expression] = []
        var keywordArguments: [(String, Expression)] = []
        if isOp("(") { (arguments, keywordArguments) = try parseArguments() }
        return FilterCall(name: name, arguments: arguments, keywordArguments: keywordArguments, location: token.location)
    }

    private mutating func parseFiltersAndTests(_ base: Expression) throws -> Expression {
        var expression = base
        while true {
            if isOp("|") {
                _ = advance()
                let filter = try parseFilter()
                expression = Expression(kind: .filter(expression, filter), location: filter.location)
            } else if isName("is") {
                let token = advance()
                var negated = false
                if isName("not") {
                    _ = advance()
                    negated = true
                }
                let name = try dottedName()
                var arguments: [Expression] = []
                if isOp("(") {
                    let (positional, keywords) = try parseArguments()
                    guard keywords.isEmpty else {
                        throw ChatTemplateError(.unsupported, "keyword arguments to tests are not supported", at: token.location)
                    }
                    arguments = positional
                } else if startsTestArgument {
                    if isName("is") { throw syntaxError("tests cannot be chained with 'is'") }
                    arguments = [try parsePostfix(try parsePrimary())]
                }
                expression = Expression(kind: .test(expression, name: name, arguments: arguments, negated: negated), location: token.location)
            } else if isOp("(") {
                expression = try parseCall(expression)
            } else {
                return expression
            }
        }
    }

    /// Jinja lets one test argument follow without parentheses: `x is divisibleby 3`, `x is sameas none`.
    private var startsTestArgument: Bool {
        switch current.kind {
        case .name(let name): return !["else", "or", "and"].contains(name)
        case .string, .integer, .float: return true
        case .op(let op): return ["(", "[", "{"].contains(op)
        default: return false
        }
    }
}
