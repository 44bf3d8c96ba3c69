import Foundation

/// A request body's JSON object, read field by field with OpenAI's error for each way a field can be wrong.
struct JSONObject {
    let fields: [String: Any]
    /// Where this object sits in the request, for messages: "" at the top, "messages[2]" inside.
    let path: String

    init(body: Data) throws(OpenAIError) {
        guard !body.isEmpty else {
            throw .invalid("The request body is empty: send a JSON object (Content-Type: application/json).")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
        } catch {
            throw .invalid(
                "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP "
                    + "library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)")
        }
        guard let object = parsed as? [String: Any] else {
            throw .invalid("The request body must be a JSON object, not \(JSONKind.of(parsed)).")
        }
        self.init(object, path: "")
    }

    init(_ fields: [String: Any], path: String) {
        self.fields = fields
        self.path = path
    }

    func name(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// Refuses fields outside `known`, as OpenAI does.
    func only(_ known: Set<String>) throws(OpenAIError) {
        if let unknown = fields.keys.sorted().first(where: { !known.contains($0) }) {
            throw .invalid("Unrecognized request argument supplied: \(name(unknown))", param: name(unknown))
        }
    }

    func present(_ key: String) -> Any? {
        guard let value = fields[key], !(value is NSNull) else { return nil }
        return value
    }

    func string(_ key: String) throws(OpenAIError) -> String? {
        guard let value = present(key) else { return nil }
        guard let string = value as? String else { throw .wrongType(name(key), expected: "a string", got: value) }
        return string
    }

    func requiredString(_ key: String) throws(OpenAIError) -> String {
        guard let value = try string(key) else { throw .missing(name(key)) }
        return value
    }

    func bool(_ key: String) throws(OpenAIError) -> Bool? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, JSONKind.isBoolean(number) else {
            throw .wrongType(name(key), expected: "a boolean", got: value)
        }
        return number.boolValue
    }

    func number(_ key: String, in range: ClosedRange<Double>) throws(OpenAIError) -> Double? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, !JSONKind.isBoolean(number) else {
            throw .wrongType(name(key), expected: "a number", got: value)
        }
        let double = number.doubleValue
        if double < range.lowerBound {
            throw .invalid("Invalid '\(name(key))': decimal below minimum value. Expected a value >= \(Self.format(range.lowerBound)), but got \(Self.format(double)) instead.",
                           param: name(key), code: "decimal_below_min_value")
        }
        if double > range.upperBound {
            throw .invalid("Invalid '\(name(key))': decimal above maximum value. Expected a value <= \(Self.format(range.upperBound)), but got \(Self.format(double)) instead.",
                           param: name(key), code: "decimal_above_max_value")
        }
        return double
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(OpenAIError) -> Int? {
        guard let value = present(key) else { return nil }
        guard let number = value as? NSNumber, !JSONKind.isBoolean(number),
              number.doubleValue == number.doubleValue.rounded(), abs(number.doubleValue) < 9e18
        else { throw .wrongType(name(key), expected: "an integer", got: value) }
        let integer = number.intValue
        if integer < range.lowerBound {
            throw .invalid("Invalid '\(name(key))': integer below minimum value. Expected a value >= \(range.lowerBound), but got \(integer) instead.",
                           param: name(key), code: "integer_below_min_value")
        }
        if integer > range.upperBound {
            throw .invalid("Invalid '\(name(key))': integer above maximum value. Expected a value <= \(range.upperBound), but got \(integer) instead.",
                           param: name(key), code: "integer_above_max_value")
        }
        return integer
    }

    func array(_ key: String) throws(OpenAIError) -> [Any]? {
        guard let value = present(key) else { return nil }
        guard let array = value as? [Any] else { throw .wrongType(name(key), expected: "an array", got: value) }
        return array
    }

    func object(_ key: String) throws(OpenAIError) -> JSONObject? {
        guard let value = present(key) else { return nil }
        guard let object = value as? [String: Any] else { throw .wrongType(name(key), expected: "an object", got: value) }
        return JSONObject(object, path: name(key))
    }

    /// `stop`: a string or an array of at most 4 strings.
    func stops(_ key: String) throws(OpenAIError) -> [String] {
        guard let value = present(key) else { return [] }
        if let single = value as? String { return [single] }
        guard let list = value as? [Any] else { throw .wrongType(name(key), expected: "a string or an array of strings", got: value) }
        guard list.count <= 4 else {
            throw .invalid("Invalid '\(name(key))': array too long. Expected an array with maximum length 4, but got an array with length \(list.count) instead.",
                           param: name(key), code: "array_above_max_length")
        }
        var result: [String] = []
        for (index, item) in list.enumerated() {
            guard let string = item as? String else { throw .wrongType("\(name(key))[\(index)]", expected: "a string", got: item) }
            if !string.isEmpty { result.append(string) }
        }
        return result
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
