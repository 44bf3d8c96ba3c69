/// Checks every filter and test name once the template is parsed, as Jinja does when it compiles a template: an
/// unknown filter is an error at load time, with its location, not only when a branch happens to run it.
enum NameCheck {
    static func check(_ body: [Statement]) throws {
        for statement in body { try check(statement) }
    }

    private static func check(_ statement: Statement) throws {
        switch statement.kind {
        case .text, .breakLoop, .continueLoop:
            break
        case .output(let expression), .assign(_, let expression):
            try check(expression)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                try check(branch.condition)
                try check(branch.body)
            }
            try check(otherwise)
        case .forLoop(let loop):
            try check(loop.iterable)
            try loop.condition.map(check)
            try check(loop.body)
            try check(loop.otherwise)
        case .assignBlock(_, let filters, let body), .filterBlock(let filters, let body):
            try filters.forEach(check)
            try check(body)
        case .macro(let macro):
            for parameter in macro.parameters { try parameter.defaultValue.map(check) }
            try check(macro.body)
        }
    }

    private static func check(_ filter: FilterCall) throws {
        guard Filters.supported.contains(filter.name) else {
            let message = Filters.unsupported.contains(filter.name)
                ? "the '\(filter.name)' filter is not supported" : "no filter named '\(filter.name)'"
            throw ChatTemplateError(.unsupported, message, at: filter.location)
        }
        try filter.arguments.forEach(check)
        for (_, argument) in filter.keywordArguments { try check(argument) }
    }

    private static func check(_ expression: Expression) throws {
        switch expression.kind {
        case .constant, .name:
            break
        case .list(let items), .tuple(let items):
            try items.forEach(check)
        case .dict(let pairs):
            for pair in pairs {
                try check(pair.key)
                try check(pair.value)
            }
        case .attribute(let base, _), .not(let base), .negate(let base), .plus(let base):
            try check(base)
        case .item(let base, let key):
            try check(base)
            try check(key)
        case .slice(let base, let start, let stop, let step):
            try check(base)
            for part in [start, stop, step] { try part.map(check) }
        case .call(let callee, let arguments, let keywordArguments):
            try check(callee)
            try arguments.forEach(check)
            for (_, argument) in keywordArguments { try check(argument) }
        case .filter(let base, let filter):
            try check(base)
            try check(filter)
        case .test(let base, let name, let arguments, _):
            guard Predicates.supported.contains(name) else {
                throw ChatTemplateError(.unsupported, "no test named '\(name)'", at: expression.location)
            }
            try check(base)
            try arguments.forEach(check)
        case .binary(_, let left, let right), .and(let left, let right), .or(let left, let right):
            try check(left)
            try check(right)
        case .compare(let first, let operations):
            try check(first)
            for operation in operations { try check(operation.operand) }
        case .conditional(let condition, let then, let otherwise):
            try check(condition)
            try check(then)
            try otherwise.map(check)
        }
    }
}
