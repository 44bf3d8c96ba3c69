/// The Python methods templates call on values: `str` (`.strip()`, `.split()`, `.startswith()`, …), `dict`
/// (`.items()`, `.get()`, …) and `list` (`.index()`, `.count()`). A Python method this subset lacks is an
/// `.unsupported` error when called; methods that mutate are refused, as transformers' immutable sandbox refuses
/// them; a name Python does not have is Undefined, as in Jinja.
enum Methods {
    private static let pythonStringMethods: Set<String> = [
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format",
        "format_map", "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower",
        "isnumeric", "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "maketrans",
        "partition", "removeprefix", "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit",
        "rstrip", "split", "splitlines", "startswith", "strip", "swapcase", "title", "translate", "upper", "zfill",
    ]
    private static let pythonDictMethods: Set<String> = [
        "clear", "copy", "fromkeys", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values",
    ]
    private static let pythonListMethods: Set<String> = [
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort",
    ]
    private static let mutating: Set<String> = [
        "clear", "pop", "popitem", "setdefault", "update", "append", "extend", "insert", "remove", "reverse", "sort",
    ]

    static func method(of value: Value, _ name: String) -> Value? {
        let known: Set<String>
        switch value {
        case .string: known = pythonStringMethods
        case .dict: known = pythonDictMethods
        case .array: known = pythonListMethods
        default: return nil
        }
        guard known.contains(name) else { return nil }
        return .function(Value.Function(name: name, body: .builtin { arguments in
            try call(value, name, arguments)
        }))
    }

    private static func call(_ receiver: Value, _ name: String, _ arguments: Arguments) throws -> Value {
        switch receiver {
        case .string(let text):
            if let result = try stringMethod(text, name, arguments) { return result }
        case .dict(let dict):
            switch name {
            case "items":
                _ = try arguments.bind(name, [])
                return .array(dict.pairs.map { .array([.string($0.0), $0.1]) })
            case "keys":
                _ = try arguments.bind(name, [])
                return .array(dict.keys.map(Value.string))
            case "values":
                _ = try arguments.bind(name, [])
                return .array(dict.values)
            case "get":
                let bound = try arguments.bind(name, ["key", "default"], required: 1)
                guard case .string(let key)? = bound[0] else { return bound[1] ?? .none }
                return dict[key] ?? bound[1] ?? .none
            case "copy":
                return receiver
            default: break
            }
        case .array(let items):
            switch name {
            case "index":
                let bound = try arguments.bind(name, ["value"], required: 1)
                guard let found = items.firstIndex(where: { Value.equal($0, bound[0] ?? .none) }) else {
                    throw TemplateFault("ValueError: \(bound[0]?.brief ?? "None") is not in list")
                }
                return .int(found)
            case "count":
                let bound = try arguments.bind(name, ["value"], required: 1)
                return .int(items.filter { Value.equal($0, bound[0] ?? .none) }.count)
            case "copy":
                return receiver
            default: break
            }
        default: break
        }
        if mutating.contains(name) {
            throw TemplateFault("SecurityError: access to attribute '\(name)' of '\(receiver.typeName)' object is unsafe "
                + "(transformers renders chat templates in an immutable sandbox)")
        }
        throw TemplateFault.unsupported("the \(receiver.typeName) method '\(name)()' is not supported")
    }

    private static func stringMethod(_ text: String, _ name: String, _ arguments: Arguments) throws -> Value? {
        switch name {
        case "strip", "lstrip", "rstrip":
            let chars = try arguments.bind(name, ["chars"])[0].given.map { try $0.asString("\(name) arg") }
            return .string(PythonText.strip(text, chars, leading: name != "rstrip", trailing: name != "lstrip"))
        case "upper":
            _ = try arguments.bind(name, [])
            return .string(PythonText.upper(text))
        case "lower", "casefold":
            _ = try arguments.bind(name, [])
            return .string(PythonText.lower(text))
        case "title":
            _ = try arguments.bind(name, [])
            return .string(PythonText.title(text))
        case "capitalize":
            _ = try arguments.bind(name, [])
            return .string(PythonText.capitalize(text))
        case "startswith", "endswith":
            let bound = try arguments.bind(name, ["prefix", "start", "end"], required: 1)
            let scalars = Array(text.unicodeScalars)
            let range = try window(scalars.count, bound[1], bound[2])
            let candidates: [Value]
            if case .array(let items)? = bound[0] { candidates = items } else { candidates = [bound[0] ?? .none] }
            for candidate in candidates {
                let affix = Array(try candidate.asString("\(name) first arg").unicodeScalars)
                guard range.count >= affix.count else { continue }
                let slice = name == "startswith"
                    ? scalars[range.lowerBound..<(range.lowerBound + affix.count)]
                    : scalars[(range.upperBound - affix.count)..<range.upperBound]
                if slice.elementsEqual(affix) { return .bool(true) }
            }
            return .bool(false)
        case "split", "rsplit":
            let bound = try arguments.bind(name, ["sep", "maxsplit"])
            let separator = try bound[0].given.map { try $0.asString("sep") }
            let maxSplit = try bound[1].given.map { try $0.asInt("maxsplit") } ?? -1
            let pieces = name == "split"
                ? try PythonText.split(text, separator, maxSplit: maxSplit)
                : try PythonText.rsplit(text, separator, maxSplit: maxSplit)
            return .array(pieces.map(Value.string))
        case "splitlines":
            let keepEnds = try arguments.bind(name, ["keepends"])[0]?.truthy ?? false
            return .array(PythonText.splitLines(text, keepEnds: keepEnds).map(Value.string))
        case "replace":
            let bound = try arguments.bind(name, ["old", "new", "count"], required: 2)
            let count = try bound[2].given.map { try $0.asInt("count") } ?? -1
            return .string(try PythonText.replace(
                text, try (bound[0] ?? .none).asString("replace() argument 1"),
                try (bound[1] ?? .none).asString("replace() argument 2"), count: count))
        case "find", "rfind", "index", "rindex", "count":
            let bound = try arguments.bind(name, ["sub", "start", "end"], required: 1)
            let needle = Array(try (bound[0] ?? .none).asString("\(name) argument").unicodeScalars)
            let scalars = Array(text.unicodeScalars)
            let range = try window(scalars.count, bound[1], bound[2])
            let haystack = Array(scalars[range])
            if name == "count" {
                if needle.isEmpty { return .int(haystack.count + 1) }
                var count = 0
                var from = 0
                while let found = PythonText.find(needle, in: haystack, from: from) {
                    count += 1
                    from = found + needle.count
                }
                return .int(count)
            }
            var found: Int? = nil
            if name.hasPrefix("r") {
                var from = 0
                while let next = PythonText.find(needle, in: haystack, from: from) {
                    found = next
                    from = next + 1
                    if from > haystack.count { break }
                }
            } else {
                found = PythonText.find(needle, in: haystack)
            }
            if let found { return .int(found + range.lowerBound) }
            if name.hasSuffix("index") { throw TemplateFault("ValueError: substring not found") }
            return .int(-1)
        case "join":
            let bound = try arguments.bind(name, ["iterable"], required: 1)
            let pieces = try (bound[0] ?? .none).iterate().map { item -> String in
                guard case .string(let piece) = item else {
                    throw TemplateFault("TypeError: sequence item: expected str instance, \(item.typeName) found")
                }
                return piece
            }
            return .string(try Filters.joined(pieces, separator: text))
        case "removeprefix", "removesuffix":
            let affix = try (try arguments.bind(name, ["affix"], required: 1)[0] ?? .none).asString("\(name) argument")
            let scalars = Array(text.unicodeScalars)
            let affixScalars = Array(affix.unicodeScalars)
            if name == "removeprefix", scalars.starts(with: affixScalars) {
                return .string(PythonText.string(scalars.dropFirst(affixScalars.count)))
            }
            if name == "removesuffix", !affixScalars.isEmpty, scalars.reversed().starts(with: affixScalars.reversed()) {
                return .string(PythonText.string(scalars.dropLast(affixScalars.count)))
            }
            return .string(text)
        case "isdigit", "isdecimal", "isnumeric":
            _ = try arguments.bind(name, [])
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.numericType != nil })
        case "isalpha":
            _ = try arguments.bind(name, [])
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy { $0.properties.isAlphabetic })
        case "isalnum":
            _ = try arguments.bind(name, [])
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy {
                $0.properties.isAlphabetic || $0.properties.numericType != nil
            })
        case "isspace":
            _ = try arguments.bind(name, [])
            return .bool(!text.isEmpty && text.unicodeScalars.allSatisfy(PythonText.isSpace))
        case "islower", "isupper":
            _ = try arguments.bind(name, [])
            let cased = text.unicodeScalars.filter { $0.properties.isLowercase || $0.properties.isUppercase }
            let wanted = name == "islower"
            return .bool(!cased.isEmpty && cased.allSatisfy { wanted ? $0.properties.isLowercase : $0.properties.isUppercase })
        default:
            return nil
        }
    }

    /// The code-point range `[start:end]` of Python's optional start/end arguments.
    private static func window(_ count: Int, _ start: Value?, _ end: Value?) throws -> Range<Int> {
        func resolve(_ value: Value?, _ fallback: Int) throws -> Int {
            guard let value = value.given else { return fallback }
            let index = try value.asInt("slice index")
            return index < 0 ? max(index + count, 0) : min(index, count)
        }
        let lower = try resolve(start, 0)
        let upper = try resolve(end, count)
        return lower..<max(lower, upper)
    }
}
