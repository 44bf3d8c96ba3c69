/// A generated one-line financial statement and one question about it.
///
/// Three kinds, each with questions that need either reading one figure or one operation on two:
///
///     income   "Revenue 1200; Costs 800; Tax 90."   revenue? costs? tax? gross profit? (R−C) total expenses? (C+T)
///     balance  "Assets 5000; Liabilities 3100; Cash 700."   assets? liabilities? cash? equity? (A−L) non-cash assets? (A−C)
///     sales    "Sales 2022 800; Sales 2023 950."   sales in 2022? sales in 2023? sales change? (later−earlier) total sales?
///
/// Lines are shuffled so the model has to read labels, not positions. With `lookupsOnly` the question always asks for
/// a figure the document states (the first questions of each kind above).
public struct FinancialStatement: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        case income, balance, sales
    }

    public var kind: Kind
    /// The statement as it appears in the prompt, e.g. `"Revenue 1200; Costs 800; Tax 90."`.
    public var document: String
    /// The figures stated in the document (not years), in document order.
    public var figures: [Int]
    /// The question after `Q: `, e.g. `"gross profit?"`.
    public var question: String
    public var answer: Int

    static func draw(_ random: inout TaskRandom, lookupsOnly: Bool = false) -> FinancialStatement {
        switch random.pick(Kind.allCases) {
        case .income: return income(&random, lookupsOnly: lookupsOnly)
        case .balance: return balance(&random, lookupsOnly: lookupsOnly)
        case .sales: return sales(&random, lookupsOnly: lookupsOnly)
        }
    }

    private static func income(_ random: inout TaskRandom, lookupsOnly: Bool) -> FinancialStatement {
        let revenue = random.int(in: 200...9999)
        let costs = random.int(in: (revenue * 3 / 10)...(revenue * 11 / 10))
        let tax = random.int(in: 5...300)
        let lines = [("Revenue", revenue), ("Costs", costs), ("Tax", tax)]
        let questions = [
            ("revenue?", revenue), ("costs?", costs), ("tax?", tax),
            ("gross profit?", revenue - costs), ("total expenses?", costs + tax),
        ]
        return make(.income, lines: lines, questions: questions, lookupsOnly: lookupsOnly, &random)
    }

    private static func balance(_ random: inout TaskRandom, lookupsOnly: Bool) -> FinancialStatement {
        let assets = random.int(in: 500...9999)
        let liabilities = random.int(in: 50...assets)
        let cash = random.int(in: 10...(assets / 2))
        let lines = [("Assets", assets), ("Liabilities", liabilities), ("Cash", cash)]
        let questions = [
            ("assets?", assets), ("liabilities?", liabilities), ("cash?", cash),
            ("equity?", assets - liabilities), ("non-cash assets?", assets - cash),
        ]
        return make(.balance, lines: lines, questions: questions, lookupsOnly: lookupsOnly, &random)
    }

    private static func sales(_ random: inout TaskRandom, lookupsOnly: Bool) -> FinancialStatement {
        let year = random.int(in: 2018...2024)
        let earlier = random.int(in: 100...5000)
        let later = random.int(in: 100...5000)
        let lines = [("Sales \(year)", earlier), ("Sales \(year + 1)", later)]
        let questions = [
            ("sales in \(year)?", earlier), ("sales in \(year + 1)?", later),
            ("sales change?", later - earlier), ("total sales?", earlier + later),
        ]
        return make(.sales, lines: lines, questions: questions, lookupsOnly: lookupsOnly, &random)
    }

    /// `questions` lists one reading question per line first, in line order, then the ones that combine two.
    private static func make(
        _ kind: Kind, lines: [(String, Int)], questions: [(String, Int)], lookupsOnly: Bool,
        _ random: inout TaskRandom
    ) -> FinancialStatement {
        let asked = lookupsOnly ? Array(questions.prefix(lines.count)) : questions
        var shuffled = lines
        // Sales lines stay in year order; the others are shuffled.
        if kind != .sales { random.shuffle(&shuffled) }
        let document = shuffled.map { "\($0.0) \($0.1)" }.joined(separator: "; ") + "."
        let (question, answer) = random.pick(asked)
        return FinancialStatement(
            kind: kind, document: document, figures: shuffled.map(\.1), question: question, answer: answer)
    }
}
