import Llama

/// The token ids that start each verdict in a reply: every casing and leading-space variant that the tokenizer
/// encodes as one token (`"yes"`, `"Yes"`, `" yes"`, `"YES"`, …) — or, for a tokenizer that spells none of them in
/// one token (a byte tokenizer), the first token of each variant (`"y"`, `"Y"`).
struct VerdictTokens {
    /// Ids per verdict, in the order of the verdicts given.
    let ids: [[Int]]

    init(_ verdicts: [String], tokenizer: any Tokenizer) throws {
        ids = try verdicts.map { verdict in
            var found: [Int] = []
            for variant in [verdict, verdict.capitalized, verdict.uppercased(), verdict.lowercased()] {
                for spelled in [variant, " " + variant] {
                    let tokens = tokenizer.encode(spelled)
                    if tokens.count == 1, !found.contains(tokens[0]) { found.append(tokens[0]) }
                }
            }
            if found.isEmpty {
                for variant in [verdict, verdict.capitalized, verdict.uppercased(), verdict.lowercased()] {
                    if let token = tokenizer.encode(variant).first, !found.contains(token) { found.append(token) }
                }
            }
            guard !found.isEmpty else { throw JudgeError.noVerdictTokens("'\(verdict)'") }
            return found
        }
        let all = ids.flatMap { $0 }
        guard Set(all).count == all.count else {
            throw JudgeError.noVerdictTokens("\(verdicts.joined(separator: "/")) with no token in common")
        }
    }

    /// Each verdict's probability mass in a next-token distribution.
    func mass(_ probabilities: UnsafeBufferPointer<Float>) -> [Double] {
        ids.map { $0.map { Double(probabilities[$0]) }.reduce(0, +) }
    }
}
