/// Multi-digit arithmetic: the prompt is an expression followed by `=`, the answer its integer value.
///
///     prompt  "12+34*6="        answer "216"
///     prompt  "7-58="           answer "-51"
///
/// Metadata: `expression` (the expression without `=`) and `difficulty`. The value is never in the
/// metadata; `ArithmeticVerifier` recomputes it from the expression.
public struct ArithmeticTask: TaskFamily {
    /// How hard the generated expressions are.
    public struct Difficulty: Sendable, Hashable {
        public var name: String
        /// Number of operands per expression.
        public var operandCount: ClosedRange<Int>
        /// Number of decimal digits per operand (1 means 0...9, 2 means 10...99, ...).
        public var digits: ClosedRange<Int>
        public var operators: [ArithmeticExpression.Operator]

        public init(
            name: String, operandCount: ClosedRange<Int>, digits: ClosedRange<Int>,
            operators: [ArithmeticExpression.Operator]
        ) {
            // At most 4 operands of at most 4 digits: every value fits in Int (9999^4 < 2^63).
            precondition(operandCount.lowerBound >= 2 && operandCount.upperBound <= 4)
            precondition(digits.lowerBound >= 1 && digits.upperBound <= 4)
            precondition(!operators.isEmpty)
            self.name = name
            self.operandCount = operandCount
            self.digits = digits
            self.operators = operators
        }

        /// Two 1–2 digit operands, `+` and `-`.
        public static let easy = Difficulty(name: "easy", operandCount: 2...2, digits: 1...2, operators: [.plus, .minus])
        /// Two or three 1–2 digit operands, `+`, `-`, `*`.
        public static let medium = Difficulty(
            name: "medium", operandCount: 2...3, digits: 1...2, operators: [.plus, .minus, .times])
        /// Two or three 1–3 digit operands, `+`, `-`, `*`.
        public static let hard = Difficulty(
            name: "hard", operandCount: 2...3, digits: 1...3, operators: [.plus, .minus, .times])
        /// Two 2–3 digit operands, `+` and `-`: what a user asks an instruct model ("What is 275 + 307?").
        public static let large = Difficulty(
            name: "large", operandCount: 2...2, digits: 2...3, operators: [.plus, .minus])
    }

    public let name = "arithmetic"
    public let promptTemplate = "<expression>="
    public var difficulty: Difficulty
    /// Plain (`"12+34="`) or as a chat question ("What is 12 + 34? Answer with the number only.").
    public var posing: TaskPosing
    /// 20% of all expressions are held out; the split is by expression text, so it is the same for
    /// every difficulty.
    public let split = HoldoutSplit(salt: "arithmetic", heldOutPercent: 20)

    public init(difficulty: Difficulty = .medium, posing: TaskPosing = .plain) {
        self.difficulty = difficulty
        self.posing = posing
    }

    public func labeled(count: Int, seed: UInt64) -> [LabeledExample] {
        SplitSampler.training(count: count, seed: seed, split: split, key: \.text, draw: draw)
            .enumerated().map { example($1, id: "arith-\(seed)-\($0)") }
    }

    public func evaluationSplit(count: Int) -> [LabeledExample] {
        SplitSampler.heldOut(count: count, split: split, key: \.text, draw: draw)
            .enumerated().map { example($1, id: "arith-eval-\($0)") }
    }

    /// A chat reply's answer is its last integer (an instruct model restates the question before answering).
    public func extractAnswer(fromReply reply: String) -> String? {
        AnswerText.lastInteger(in: reply)
    }

    public func canonicalAnswer(_ answer: String) -> String? {
        AnswerText.canonicalInteger(answer)
    }

    func draw(_ random: inout TaskRandom) -> ArithmeticExpression {
        let count = random.int(in: difficulty.operandCount)
        let operands = (0..<count).map { _ -> Int in
            let digits = random.int(in: difficulty.digits)
            let low = digits == 1 ? 0 : Self.powerOfTen(digits - 1)
            return random.int(in: low...(Self.powerOfTen(digits) - 1))
        }
        let operators = (1..<count).map { _ in random.pick(difficulty.operators) }
        return ArithmeticExpression(operands: operands, operators: operators)
    }

    func example(_ expression: ArithmeticExpression, id: String) -> LabeledExample {
        let prompt = TaskPrompt(
            id: id, task: name, text: expression.text + "=",
            metadata: ["expression": expression.text, "difficulty": difficulty.name])
        let posed = posing.pose(prompt) { "What is \(expression.spacedText)? \(TaskPosing.numberOnly)" }
        // Difficulty bounds operands to 4 digits and 4 terms: the value always fits.
        return LabeledExample(prompt: posed, answer: String(expression.value()!))
    }

    static func powerOfTen(_ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * 10 }
    }
}
