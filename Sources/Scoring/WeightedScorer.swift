import Tasks

/// A weighted combination of scorers: the total is `Σ wᵢ·totalᵢ / Σ wᵢ`, so it stays in [0, 1].
///
/// Components: each child's total under its name (`"verifier"`), and each child's components under
/// `"<name>.<component>"` (`"verifier.correct"`). Children run concurrently.
public struct WeightedScorer: Scorer {
    public struct Term: Sendable {
        public var weight: Double
        public var scorer: any Scorer

        /// - Precondition: `weight` is finite and positive.
        public init(weight: Double, scorer: any Scorer) {
            precondition(weight.isFinite && weight > 0, "scorer weights must be positive")
            self.weight = weight
            self.scorer = scorer
        }
    }

    public let name: String
    public let terms: [Term]

    /// - Precondition: at least one term, and child names are distinct (they key the components).
    public init(name: String, terms: [Term]) {
        precondition(!terms.isEmpty, "a weighted scorer needs at least one term")
        precondition(Set(terms.map(\.scorer.name)).count == terms.count, "scorer names must be distinct")
        self.name = name
        self.terms = terms
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let childScores = try await withThrowingTaskGroup(of: (Int, [Score]).self) { group in
            for (index, term) in terms.enumerated() {
                group.addTask {
                    let scores = try await term.scorer.score(prompt: prompt, completions: completions)
                    guard scores.count == completions.count else {
                        throw ScoringError.wrongScoreCount(
                            scorer: term.scorer.name, expected: completions.count, got: scores.count)
                    }
                    return (index, scores)
                }
            }
            var byIndex = [[Score]](repeating: [], count: terms.count)
            for try await (index, scores) in group { byIndex[index] = scores }
            return byIndex
        }
        let weightSum = terms.map(\.weight).reduce(0, +)
        return completions.indices.map { candidate in
            var total = 0.0
            var components: [String: Double] = [:]
            for (term, scores) in zip(terms, childScores) {
                let score = scores[candidate]
                total += term.weight * score.total
                components[term.scorer.name] = score.total
                for (key, value) in score.components { components["\(term.scorer.name).\(key)"] = value }
            }
            return Score(total: total / weightSum, components: components)
        }
    }
}
