/// A flat integer expression such as `12+345*6`: operands joined by `+`, `-` and `*`, evaluated with the
/// usual precedence (`*` before `+`/`-`, left to right otherwise). No parentheses, no unary minus.
public struct ArithmeticExpression: Sendable, Hashable {
    public enum Operator: Character, Sendable, CaseIterable {
        case plus = "+", minus = "-", times = "*"
    }

    /// Non-negative operands, `operators.count + 1` of them.
    public var operands: [Int]
    public var operators: [Operator]

    public init(operands: [Int], operators: [Operator]) {
        precondition(operands.count == operators.count + 1, "an expression needs one more operand than operators")
        self.operands = operands
        self.operators = operators
    }

    /// The compact text form the model sees, e.g. `"12+345*6"`.
    public var text: String {
        var result = String(operands[0])
        for (op, operand) in zip(operators, operands.dropFirst()) {
            result.append(op.rawValue)
            result += String(operand)
        }
        return result
    }

    /// The expression as people write it, with spaces around the operators: `"12 + 345 * 6"`.
    public var spacedText: String {
        zip(operators, operands.dropFirst()).reduce(String(operands[0])) { "\($0) \($1.0.rawValue) \($1.1)" }
    }

    /// Parses `text` (spaces allowed, an optional trailing `=`); `nil` for anything else, including
    /// operands above 10^9.
    public static func parse(_ text: String) -> ArithmeticExpression? {
        var body = Substring(text).filter { $0 != " " }[...]
        if body.last == "=" { body = body.dropLast() }
        var operands: [Int] = []
        var operators: [Operator] = []
        var digits = ""
        for character in body {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if let op = Operator(rawValue: character), !digits.isEmpty {
                guard digits.count <= 9, let value = Int(digits) else { return nil }
                operands.append(value)
                operators.append(op)
                digits = ""
            } else {
                return nil
            }
        }
        guard !digits.isEmpty, digits.count <= 9, let last = Int(digits) else { return nil }
        operands.append(last)
        return ArithmeticExpression(operands: operands, operators: operators)
    }

    /// The value with `*` binding tighter than `+` and `-`; `nil` if any step overflows `Int`.
    public func value() -> Int? {
        var total = 0
        var term = operands[0]
        var termSign = 1
        for (op, operand) in zip(operators, operands.dropFirst()) {
            switch op {
            case .times:
                let (product, overflow) = term.multipliedReportingOverflow(by: operand)
                if overflow { return nil }
                term = product
            case .plus, .minus:
                let (sum, overflow) = total.addingReportingOverflow(termSign * term)
                if overflow { return nil }
                total = sum
                termSign = op == .plus ? 1 : -1
                term = operand
            }
        }
        let (result, overflow) = total.addingReportingOverflow(termSign * term)
        return overflow ? nil : result
    }
}
