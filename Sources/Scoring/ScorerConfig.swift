/// A parsed scorer configuration such as `"verifier"`, `"majority"` or `"verifier+0.2*format"`.
///
/// Grammar: terms joined by `+`; each term is `name` or `weight*name`, where `weight` is a positive
/// decimal number (default 1) and `name` is made of letters, digits, `-` and `_`. Spaces are ignored.
public struct ScorerConfig: Sendable, Hashable, CustomStringConvertible {
    public struct Term: Sendable, Hashable {
        public var weight: Double
        public var name: String
    }

    public var terms: [Term]

    /// - Throws: `ScorerConfigError` saying which term is malformed.
    public init(parsing text: String) throws(ScorerConfigError) {
        let compact = text.filter { !$0.isWhitespace }
        guard !compact.isEmpty else { throw .empty }
        var terms: [Term] = []
        for part in compact.split(separator: "+", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "*", omittingEmptySubsequences: false)
            guard (1...2).contains(pieces.count) else { throw .malformedTerm(String(part), config: text) }
            let name = String(pieces.last!)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
            else { throw .malformedTerm(String(part), config: text) }
            var weight = 1.0
            if pieces.count == 2 {
                guard let parsed = Double(pieces[0]), parsed.isFinite, parsed > 0 else {
                    throw .invalidWeight(String(pieces[0]), config: text)
                }
                weight = parsed
            }
            guard !terms.contains(where: { $0.name == name }) else { throw .duplicateScorer(name, config: text) }
            terms.append(Term(weight: weight, name: name))
        }
        self.terms = terms
    }

    /// The canonical text form, e.g. `"verifier+0.2*format"`.
    public var description: String {
        terms.map { $0.weight == 1 ? $0.name : "\($0.weight)*\($0.name)" }.joined(separator: "+")
    }
}

/// What is wrong with a scorer configuration, and what would be accepted.
public enum ScorerConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case malformedTerm(String, config: String)
    case invalidWeight(String, config: String)
    case duplicateScorer(String, config: String)
    case unknownScorer(String, known: [String])
    case notApplicable(scorer: String, task: String, reason: String)

    public var description: String {
        switch self {
        case .empty:
            return "empty scorer configuration; use e.g. \"verifier\" or \"verifier+0.2*format\""
        case .malformedTerm(let term, let config):
            return "malformed term '\(term)' in scorer configuration '\(config)'; write name or weight*name"
        case .invalidWeight(let weight, let config):
            return "invalid weight '\(weight)' in scorer configuration '\(config)'; weights are positive numbers"
        case .duplicateScorer(let name, let config):
            return "scorer '\(name)' appears twice in '\(config)'; combine its weights into one term"
        case .unknownScorer(let name, let known):
            return "unknown scorer '\(name)'; known scorers: \(known.joined(separator: ", "))"
        case .notApplicable(let scorer, let task, let reason):
            return "scorer '\(scorer)' cannot score task '\(task)': \(reason)"
        }
    }
}
