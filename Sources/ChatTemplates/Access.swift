/// `a.b`, `a[b]` and `a[i:j:k]` as Jinja's sandbox resolves them: `.name` tries the Python attribute (a
/// method) and then the item, `[key]` the item and then the attribute; what is missing is Undefined (printed as
/// nothing), but anything taken *from* an Undefined raises, as transformers' default `Undefined` does.
enum Access {
    static func attribute(of value: Value, _ name: String) throws -> Value {
        switch value {
        case .undefined(let undefined):
            throw undefined.fault
        case .dict(let dict):
            if let method = Methods.method(of: value, name) { return method }
            return dict[name] ?? .undefined(.attribute(name, of: value))
        case .namespace(let namespace):
            return namespace.attributes[name] ?? .undefined(.attribute(name, of: value))
        case .loop(let loop):
            return loop.field(name) ?? .undefined(.attribute(name, of: value))
        default:
            return Methods.method(of: value, name) ?? .undefined(.attribute(name, of: value))
        }
    }

    static func item(of value: Value, _ key: Value) throws -> Value {
        if case .undefined(let undefined) = value { throw undefined.fault }
        switch (value, key) {
        case (.array(let items), .int), (.array(let items), .bool):
            let index = try key.asInt("index")
            let resolved = index < 0 ? index + items.count : index
            guard resolved >= 0, resolved < items.count else { return .undefined(.element(key, of: value)) }
            return items[resolved]
        case (.string(let text), .int), (.string(let text), .bool):
            let scalars = Array(text.unicodeScalars)
            let index = try key.asInt("index")
            let resolved = index < 0 ? index + scalars.count : index
            guard resolved >= 0, resolved < scalars.count else { return .undefined(.element(key, of: value)) }
            return .string(String(scalars[resolved]))
        case (.dict(let dict), .string(let name)):
            if let item = dict[name] { return item }
            return Methods.method(of: value, name) ?? .undefined(.attribute(name, of: value))
        case (_, .string(let name)):
            return try attribute(of: value, name)
        default:
            return .undefined(.element(key, of: value))
        }
    }

    /// Python's slice semantics (`slice.indices`): negative bounds count from the end, out-of-range bounds clamp,
    /// a negative step walks backwards.
    static func slice(_ value: Value, start: Value?, stop: Value?, step: Value?) throws -> Value {
        if case .undefined(let undefined) = value { throw undefined.fault }
        func bound(_ value: Value?) throws -> Int? {
            guard let value = value.given else { return nil }
            guard case .int = value else {
                if case .bool = value { return try value.asInt("slice index") }
                throw TemplateFault("TypeError: slice indices must be integers or None, not '\(value.typeName)'")
            }
            return try value.asInt("slice index")
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw TemplateFault("ValueError: slice step cannot be zero") }
        func indices(_ count: Int) throws -> [Int] {
            let lower = stepValue < 0 ? -1 : 0
            let upper = stepValue < 0 ? count - 1 : count
            func clamp(_ index: Int?, _ fallback: Int) -> Int {
                guard var index else { return fallback }
                if index < 0 {
                    index += count
                    return max(index, lower)
                }
                return min(index, upper)
            }
            let first = clamp(try bound(start), stepValue < 0 ? upper : lower)
            let last = clamp(try bound(stop), stepValue < 0 ? lower : upper)
            return Array(stride(from: first, to: last, by: stepValue))
        }
        switch value {
        case .array(let items):
            return .array(try indices(items.count).map { items[$0] })
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            return .string(PythonText.string(try indices(scalars.count).map { scalars[$0] }))
        default:
            throw TemplateFault("TypeError: '\(value.typeName)' object is not subscriptable")
        }
    }

    /// Jinja's attribute getter for filters (`map(attribute='a.b')`, `selectattr('x')`, `join(attribute=)`):
    /// dotted parts, digits as indices, each looked up as an item.
    static func path(_ value: Value, _ path: Value) throws -> Value {
        guard case .string(let text) = path else { return try item(of: value, path) }
        var current = value
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            let key: Value = Int(part).map(Value.int) ?? .string(String(part))
            current = try item(of: current, key)
        }
        return current
    }
}
