/// Executes a parsed template once. Not shared: `ChatTemplate.render` makes one per call, so the mutable state
/// here (scopes, output, counters) never crosses threads.
///
/// Scoping is Jinja's: the globals, then the render's context (messages, tokens, extra), then the template's own
/// top-level variables; each `for` iteration gets a fresh scope (a `set` inside a loop is gone at the next
/// iteration and after the loop — hence `namespace()`), `if` gets none, a macro call gets its own.
final class Renderer {
    struct Limits {
        /// Output beyond this many Unicode scalars is refused.
        var maxOutput = 16 << 20
        /// Loop iterations over the whole render (all loops together).
        var maxIterations = 1_000_000
        /// Macro calls inside macro calls.
        var maxCallDepth = 64
    }

    private var scopes: [[String: Value]]
    private var buffers: [String.UnicodeScalarView] = [String.UnicodeScalarView()]
    private var outputCount = 0
    private var iterations = 0
    private var callDepth = 0
    let limits: Limits

    private enum Flow {
        case normal, breakLoop, continueLoop
    }

    init(context: [String: Value], limits: Limits = Limits()) {
        scopes = [Globals.all, context, [:]]
        self.limits = limits
    }

    func render(_ body: [Statement]) throws -> String {
        _ = try execute(body)
        return String(buffers[0])
    }

    // MARK: - Output

    private func write(_ text: String, at location: SourceLocation) throws {
        let scalars = text.unicodeScalars
        outputCount += scalars.count
        guard outputCount <= limits.maxOutput else {
            throw ChatTemplateError(.runtime, "the rendered prompt exceeds \(limits.maxOutput) characters", at: location)
        }
        buffers[buffers.count - 1].append(contentsOf: scalars)
    }

    private func capture(_ body: [Statement]) throws -> String {
        buffers.append(String.UnicodeScalarView())
        defer { buffers.removeLast() }
        _ = try execute(body)
        return String(buffers[buffers.count - 1])
    }

    // MARK: - Variables

    private func lookup(_ name: String) -> Value {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        return .undefined(.named(name))
    }

    private func assign(_ target: Target, _ value: Value, at location: SourceLocation) throws {
        switch target {
        case .name(let name):
            scopes[scopes.count - 1][name] = value
        case .attribute(let namespaceName, let attribute):
            guard case .namespace(let namespace) = lookup(namespaceName) else {
                throw ChatTemplateError(.runtime, "cannot assign attribute on non-namespace object '\(namespaceName)'", at: location)
            }
            try located(location) { try Globals.checkNamespaceName(attribute) }
            namespace.attributes[attribute] = value
        case .tuple(let targets):
            let items = try located(location) { try value.iterate() }
            guard items.count == targets.count else {
                let problem = items.count > targets.count ? "too many values to unpack" : "not enough values to unpack"
                throw ChatTemplateError(.runtime, "ValueError: \(problem) (expected \(targets.count), got \(items.count))", at: location)
            }
            for (target, item) in zip(targets, items) { try assign(target, item, at: location) }
        }
    }

    private func located<T>(_ location: SourceLocation, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let fault as TemplateFault {
            throw ChatTemplateError(fault.kind, fault.message, at: location)
        }
    }

    // MARK: - Statements

    private func execute(_ body: [Statement]) throws -> Flow {
        for statement in body {
            let flow = try execute(statement)
            if case .normal = flow { continue }
            return flow
        }
        return .normal
    }

    private func execute(_ statement: Statement) throws -> Flow {
        switch statement.kind {
        case .text(let text):
            try write(text, at: statement.location)
        case .output(let expression):
            let value = try evaluate(expression)
            try write(try located(expression.location) { try value.str() }, at: statement.location)
        case .conditional(let branches, let otherwise):
            for branch in branches {
                if try evaluate(branch.condition).truthy { return try execute(branch.body) }
            }
            return try execute(otherwise)
        case .forLoop(let loop):
            return try execute(loop, at: statement.location)
        case .assign(let target, let value):
            try assign(target, try evaluate(value), at: statement.location)
        case .assignBlock(let target, let filters, let body):
            var value = Value.string(try capture(body))
            for filter in filters { value = try apply(filter, to: value) }
            try assign(target, value, at: statement.location)
        case .macro(let macro):
            scopes[scopes.count - 1][macro.name] = .function(Value.Function(name: macro.name, body: .macro(macro)))
        case .filterBlock(let filters, let body):
            var value = Value.string(try capture(body))
            for filter in filters { value = try apply(filter, to: value) }
            try write(try located(statement.location) { try value.str() }, at: statement.location)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    private func countIteration(at location: SourceLocation) throws {
        iterations += 1
        guard iterations <= limits.maxIterations else {
            throw ChatTemplateError(.runtime, "the template ran more than \(limits.maxIterations) loop iterations", at: location)
        }
    }

    private func execute(_ loop: ForLoop, at location: SourceLocation) throws -> Flow {
        let iterable = try evaluate(loop.iterable)
        var items = try located(loop.iterable.location) { try iterable.iterate() }
        if let condition = loop.condition {
            var kept: [Value] = []
            for item in items {
                try countIteration(at: location)
                scopes.append([:])
                defer { scopes.removeLast() }
                try assign(loop.target, item, at: location)
                if try evaluate(condition).truthy { kept.append(item) }
            }
            items = kept
        }
        if items.isEmpty { return try execute(loop.otherwise) }
        for (index, item) in items.enumerated() {
            try countIteration(at: location)
            scopes.append(["loop": .loop(Value.Loop(items: items, index0: index))])
            defer { scopes.removeLast() }
            try assign(loop.target, item, at: location)
            switch try execute(loop.body) {
            case .breakLoop: return .normal
            case .normal, .continueLoop: continue
            }
        }
        return .normal
    }

    // MARK: - Expressions

    func evaluate(_ expression: Expression) throws -> Value {
        do {
            return try evaluateUnlocated(expression)
        } catch let fault as TemplateFault {
            throw ChatTemplateError(fault.kind, fault.message, at: expression.location)
        }
    }

    private func evaluateUnlocated(_ expression: Expression) throws -> Value {
        switch expression.kind {
        case .constant(let constant):
            return constant.value
        case .name(let name):
            return lookup(name)
        case .list(let items), .tuple(let items):
            return .array(try items.map(evaluate))
        case .dict(let pairs):
            var dict = Value.Dict()
            for (keyExpression, valueExpression) in pairs {
                let key = try evaluate(keyExpression)
                guard case .string(let name) = key else {
                    throw TemplateFault.unsupported("dict keys other than strings (here \(key.typeName)) are not supported")
                }
                dict[name] = try evaluate(valueExpression)
            }
            return .dict(dict)
        case .attribute(let base, let name):
            return try Access.attribute(of: try evaluate(base), name)
        case .item(let base, let key):
            return try Access.item(of: try evaluate(base), try evaluate(key))
        case .slice(let base, let start, let stop, let step):
            let value = try evaluate(base)
            return try Access.slice(value, start: try start.map(evaluate), stop: try stop.map(evaluate), step: try step.map(evaluate))
        case .call(let callee, let arguments, let keywordArguments):
            let function = try evaluate(callee)
            let bound = Arguments(
                try arguments.map(evaluate), keywords: try keywordArguments.map { ($0.0, try evaluate($0.1)) })
            return try call(function, bound, at: expression.location)
        case .filter(let base, let filter):
            return try apply(filter, to: try evaluate(base))
        case .test(let base, let name, let arguments, let negated):
            let value = try evaluate(base)
            let result = try Predicates.test(name, value, try arguments.map(evaluate))
            return .bool(result != negated)
        case .not(let operand):
            return .bool(!(try evaluate(operand).truthy))
        case .negate(let operand):
            return try Value.negate(try evaluate(operand))
        case .plus(let operand):
            return try Value.plus(try evaluate(operand))
        case .binary(let op, let left, let right):
            return try Value.binary(op, try evaluate(left), try evaluate(right))
        case .and(let left, let right):
            let value = try evaluate(left)
            return value.truthy ? try evaluate(right) : value
        case .or(let left, let right):
            let value = try evaluate(left)
            return value.truthy ? value : try evaluate(right)
        case .compare(let first, let operations):
            var left = try evaluate(first)
            for (op, operandExpression) in operations {
                let right = try evaluate(operandExpression)
                guard try Value.compare(op, left, right) else { return .bool(false) }
                left = right
            }
            return .bool(true)
        case .conditional(let condition, let then, let otherwise):
            if try evaluate(condition).truthy { return try evaluate(then) }
            guard let otherwise else {
                return .undefined(Value.Undefined(message: "the inline if-expression evaluated to false and no else section was defined"))
            }
            return try evaluate(otherwise)
        }
    }

    private func apply(_ filter: FilterCall, to value: Value) throws -> Value {
        let arguments = Arguments(
            try filter.arguments.map(evaluate), keywords: try filter.keywordArguments.map { ($0.0, try evaluate($0.1)) })
        return try located(filter.location) { try Filters.apply(filter.name, value, arguments) }
    }

    // MARK: - Calls

    private func call(_ callee: Value, _ arguments: Arguments, at location: SourceLocation) throws -> Value {
        guard case .function(let function) = callee else {
            if case .undefined(let undefined) = callee { throw undefined.fault }
            throw TemplateFault("TypeError: '\(callee.typeName)' object is not callable")
        }
        switch function.body {
        case .builtin(let body):
            do {
                return try body(arguments)
            } catch let raised as RaisedException {
                throw ChatTemplateError(.raised, raised.message, at: location)
            }
        case .macro(let macro):
            return try call(macro, arguments, at: location)
        }
    }

    private func call(_ macro: Macro, _ arguments: Arguments, at location: SourceLocation) throws -> Value {
        guard callDepth < limits.maxCallDepth else {
            throw ChatTemplateError(.runtime, "macro calls nest deeper than \(limits.maxCallDepth) (recursion?)", at: location)
        }
        let bound = try arguments.bind(macro.name, macro.parameters.map(\.name))
        let saved = scopes
        scopes = Array(scopes.prefix(3)) + [[:]]
        callDepth += 1
        defer {
            scopes = saved
            callDepth -= 1
        }
        for (parameter, value) in zip(macro.parameters, bound) {
            if let value {
                scopes[scopes.count - 1][parameter.name] = value
            } else if let defaultValue = parameter.defaultValue {
                scopes[scopes.count - 1][parameter.name] = try evaluate(defaultValue)
            } else {
                scopes[scopes.count - 1][parameter.name] = .undefined(Value.Undefined(
                    message: "parameter '\(parameter.name)' was not provided"))
            }
        }
        return .string(try capture(macro.body))
    }
}

/// Thrown by `raise_exception` and turned into a `.raised` error at the call's location.
struct RaisedException: Error {
    var message: String
}

