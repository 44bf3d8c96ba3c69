/// The parsed template: statements (text, output, control flow) and expressions, each with where it starts in
/// the source so a render error can point at it. Immutable and `Sendable`: a `ChatTemplate` parses once and
/// renders from any thread.
struct Statement: Sendable {
    indirect enum Kind: Sendable {
        case text(String)
        case output(Expression)
        /// `{% if %}…{% elif %}…{% else %}…{% endif %}`: the branches in order, then the else body.
        case conditional(branches: [(condition: Expression, body: [Statement])], otherwise: [Statement])
        case forLoop(ForLoop)
        /// `{% set x = … %}`, `{% set a, b = … %}`, `{% set ns.x = … %}`.
        case assign(target: Target, value: Expression)
        /// `{% set x %}…{% endset %}`, optionally `{% set x | filter %}`.
        case assignBlock(target: Target, filters: [FilterCall], body: [Statement])
        case macro(Macro)
        /// `{% filter f %}…{% endfilter %}`.
        case filterBlock(filters: [FilterCall], body: [Statement])
        case breakLoop
        case continueLoop
    }

    var kind: Kind
    var location: SourceLocation
}

/// What `set` and `for` assign to.
indirect enum Target: Sendable {
    case name(String)
    /// `ns.attribute`: only namespaces accept it.
    case attribute(namespace: String, attribute: String)
    case tuple([Target])

    var names: [String] {
        switch self {
        case .name(let name): return [name]
        case .attribute: return []
        case .tuple(let targets): return targets.flatMap(\.names)
        }
    }
}

struct ForLoop: Sendable {
    var target: Target
    var iterable: Expression
    /// `for x in xs if cond`: items failing it are skipped before `loop` counts them.
    var condition: Expression?
    var body: [Statement]
    /// Rendered when nothing was iterated.
    var otherwise: [Statement]
}

struct Macro: Sendable {
    var name: String
    var parameters: [(name: String, defaultValue: Expression?)]
    var body: [Statement]
}

struct FilterCall: Sendable {
    var name: String
    var arguments: [Expression]
    var keywordArguments: [(String, Expression)]
    var location: SourceLocation
}

enum Constant: Sendable {
    case none
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)

    var value: Value {
        switch self {
        case .none: return .none
        case .bool(let v): return .bool(v)
        case .int(let v): return .int(v)
        case .double(let v): return .double(v)
        case .string(let v): return .string(v)
        }
    }
}

struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case constant(Constant)
        case name(String)
        case list([Expression])
        /// Tuples evaluate to lists (Python would print them with parentheses; templates do not print them).
        case tuple([Expression])
        case dict([(key: Expression, value: Expression)])
        /// `a.b` (Jinja tries the attribute, then the item).
        case attribute(Expression, String)
        /// `a[b]` (Jinja tries the item, then the attribute).
        case item(Expression, Expression)
        case slice(Expression, start: Expression?, stop: Expression?, step: Expression?)
        case call(Expression, arguments: [Expression], keywordArguments: [(String, Expression)])
        case filter(Expression, FilterCall)
        /// `a is [not] name(args)`.
        case test(Expression, name: String, arguments: [Expression], negated: Bool)
        case not(Expression)
        case negate(Expression)
        case plus(Expression)
        /// `+ - * / // % ** ~`.
        case binary(String, Expression, Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// Chained like Python: `a < b < c` is `a < b and b < c`.
        case compare(Expression, [(op: String, operand: Expression)])
        /// `then if condition else otherwise`; without `else` the result is Undefined.
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
    }

    var kind: Kind
    var location: SourceLocation
}
