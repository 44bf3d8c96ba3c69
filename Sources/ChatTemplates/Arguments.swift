/// The arguments of a call, a filter or a test, bound to parameter names the way Python binds them.
struct Arguments {
    var positional: [Value] = []
    var keywords: [(String, Value)] = []

    init(_ positional: [Value] = [], keywords: [(String, Value)] = []) {
        self.positional = positional
        self.keywords = keywords
    }

    /// One value (or nil when not given) per parameter; `required` leading parameters must be given.
    func bind(_ function: String, _ parameters: [String], required: Int = 0) throws -> [Value?] {
        guard positional.count <= parameters.count else {
            throw TemplateFault(
                "TypeError: \(function)() takes at most \(parameters.count) argument\(parameters.count == 1 ? "" : "s") "
                    + "(\(positional.count) given)")
        }
        var bound: [Value?] = positional.map { $0 } + Array(repeating: nil, count: parameters.count - positional.count)
        for (name, value) in keywords {
            guard let slot = parameters.firstIndex(of: name) else {
                throw TemplateFault("TypeError: \(function)() got an unexpected keyword argument '\(name)'")
            }
            guard bound[slot] == nil else {
                throw TemplateFault("TypeError: \(function)() got multiple values for argument '\(name)'")
            }
            bound[slot] = value
        }
        for slot in 0..<required where bound[slot] == nil {
            throw TemplateFault("TypeError: \(function)() missing required argument '\(parameters[slot])'")
        }
        return bound
    }
}

extension Optional where Wrapped == Value {
    /// An argument that was given and is not None.
    var given: Value? {
        guard let value = self else { return nil }
        if case Value.none = value { return nil }
        return value
    }
}

extension Value {
    func asInt(_ what: String) throws -> Int {
        switch self {
        case .int(let v): return v
        case .bool(let v): return v ? 1 : 0
        default: throw TemplateFault("TypeError: \(what) must be an integer, not '\(typeName)'")
        }
    }

    func asString(_ what: String) throws -> String {
        guard case .string(let v) = self else {
            throw TemplateFault("TypeError: \(what) must be a string, not '\(typeName)'")
        }
        return v
    }
}
