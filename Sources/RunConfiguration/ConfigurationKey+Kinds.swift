import Yams

/// The typed constructors of ``ConfigurationKey``: each checks the bounds it is given and says them in `allowed`.
extension ConfigurationKey {
    typealias Field<Value> = WritableKeyPath<RunConfiguration, Value> & Sendable

    static func integer(
        _ path: String, _ field: Field<Int>, flag: String? = nil, range: ClosedRange<Int> = 0...Int.max,
        _ summary: String
    ) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: describe(range), summary: summary, read: { node, c in
            guard let text = scalarText(node), let value = Int(text), range.contains(value) else { return false }
            c[keyPath: field] = value
            return true
        }, render: { Node(String($0[keyPath: field])) })
    }

    static func optionalInteger(
        _ path: String, _ field: Field<Int?>, flag: String? = nil, range: ClosedRange<Int>, _ summary: String
    ) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: describe(range) + ", or ~ for none", summary: summary,
             read: { node, c in
                 if isNull(node) {
                     c[keyPath: field] = nil
                     return true
                 }
                 guard let text = scalarText(node), let value = Int(text), range.contains(value) else { return false }
                 c[keyPath: field] = value
                 return true
             }, render: { c in c[keyPath: field].map { Node(String($0)) } ?? nullNode })
    }

    static func unsigned(_ path: String, _ field: Field<UInt64>, flag: String? = nil, _ summary: String) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: "an integer from 0 to \(UInt64.max)", summary: summary,
             read: { node, c in
                 guard let text = scalarText(node), let value = UInt64(text) else { return false }
                 c[keyPath: field] = value
                 return true
             }, render: { Node(String($0[keyPath: field])) })
    }

    /// A finite number in `range`; `above` excludes the lower bound (a learning rate must be > 0).
    static func number<F: BinaryFloatingPoint & LosslessStringConvertible & Sendable>(
        _ path: String, _ field: Field<F>, flag: String? = nil, range: ClosedRange<Double>, above: Bool = false,
        _ summary: String
    ) -> Self {
        let lower = above ? "> \(format(range.lowerBound))" : "≥ \(format(range.lowerBound))"
        let allowed = range.upperBound.isInfinite ? "a number \(lower)" : "a number \(lower) and ≤ \(format(range.upperBound))"
        return Self(path, flag: flag, shape: .scalar, allowed: allowed, summary: summary, read: { node, c in
            guard let text = scalarText(node), let value = Double(text), value.isFinite, range.contains(value),
                  !above || value > range.lowerBound
            else { return false }
            c[keyPath: field] = F(value)
            return true
        }, render: { Node(String($0[keyPath: field])) })
    }

    static func boolean(_ path: String, _ field: Field<Bool>, flag: String? = nil, _ summary: String) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: "true or false", summary: summary, read: { node, c in
            guard let text = scalarText(node), let value = ["true": true, "false": false][text.lowercased()] else {
                return false
            }
            c[keyPath: field] = value
            return true
        }, render: { Node(String($0[keyPath: field])) })
    }

    /// Any string that `check` accepts; without a `check`, any string.
    static func text(
        _ path: String, _ field: Field<String>, flag: String? = nil, allowed: String = "a string",
        check: (@Sendable (String) -> Bool)? = nil, _ summary: String
    ) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: allowed, summary: summary, read: { node, c in
            guard let text = scalarText(node), check?(text) ?? true else { return false }
            c[keyPath: field] = text
            return true
        }, render: { Node($0[keyPath: field]) })
    }

    static func optionalText(
        _ path: String, _ field: Field<String?>, flag: String? = nil, allowed: String = "a string, or ~ for none",
        check: (@Sendable (String) -> Bool)? = nil, _ summary: String
    ) -> Self {
        Self(path, flag: flag, shape: .scalar, allowed: allowed, summary: summary, read: { node, c in
            if isNull(node) {
                c[keyPath: field] = nil
                return true
            }
            guard let text = scalarText(node), !text.isEmpty, check?(text) ?? true else { return false }
            c[keyPath: field] = text
            return true
        }, render: { c in c[keyPath: field].map { Node($0) } ?? nullNode })
    }

    static func choice<E: RawRepresentable & CaseIterable & Sendable>(
        _ path: String, _ field: Field<E>, flag: String? = nil, _ summary: String
    ) -> Self where E.RawValue == String {
        let names = E.allCases.map(\.rawValue)
        return Self(path, flag: flag, shape: .scalar, allowed: "one of " + names.joined(separator: ", "),
                    summary: summary, read: { node, c in
                        guard let text = scalarText(node), let value = E(rawValue: text) else { return false }
                        c[keyPath: field] = value
                        return true
                    }, render: { Node($0[keyPath: field].rawValue) })
    }

    static func texts(_ path: String, _ field: Field<[String]>, flag: String? = nil, _ summary: String) -> Self {
        Self(path, flag: flag, shape: .list, allowed: "a list of strings", summary: summary, read: { node, c in
            if isNull(node) {
                c[keyPath: field] = []
                return true
            }
            guard let sequence = node.sequence else { return false }
            let values = sequence.compactMap(scalarText)
            guard values.count == sequence.count else { return false }
            c[keyPath: field] = values
            return true
        }, render: { Node($0[keyPath: field].map { Node($0) }) })
    }

    /// A mapping of names to strings; each source adds to (and overrides entries of) the ones below it.
    static func textMap(
        _ path: String, _ field: Field<[String: String]>, flag: String? = nil, allowed: String = "a mapping of names to strings",
        _ summary: String
    ) -> Self {
        Self(path, flag: flag, shape: .mapping, allowed: allowed, summary: summary, read: { node, c in
            if isNull(node) { return true }
            guard let mapping = node.mapping else { return false }
            for (key, value) in mapping {
                guard let name = scalarText(key), !name.isEmpty, let text = scalarText(value) else { return false }
                c[keyPath: field][name] = text
            }
            return true
        }, render: { c in
            Node(c[keyPath: field].sorted { $0.key < $1.key }.map { (Node($0.key), Node($0.value)) })
        })
    }

    // MARK: Helpers

    static var nullNode: Node { Node("~", Tag(.null)) }

    static func isNull(_ node: Node) -> Bool {
        guard case .scalar(let scalar) = node else { return false }
        return scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The text of a scalar; `nil` for a list, a mapping or an alias.
    static func scalarText(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    static func describe(_ range: ClosedRange<Int>) -> String {
        range.upperBound == Int.max ? "an integer ≥ \(range.lowerBound)" : "an integer from \(range.lowerBound) to \(range.upperBound)"
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
