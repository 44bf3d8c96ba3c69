/// The plurality answer among a group of candidates, with deterministic tie handling.
public struct PluralityVote: Sendable, Hashable {
    /// What happens when several answers share the highest count.
    public enum TieBreak: String, Sendable, Hashable, CaseIterable {
        /// No answer wins: a split group carries no consensus, so nobody gets agreement credit. This
        /// also covers "all candidates differ", where rewarding any one of them would be arbitrary.
        case noWinner
        /// The lexicographically smallest tied answer wins; independent of candidate order.
        case smallestAnswer
    }

    /// How many candidates gave each answer. Candidates without an answer (`nil`) do not vote.
    public let counts: [String: Int]
    /// The winning answer, if any.
    public let winner: String?

    /// - Parameter answers: one canonical answer per candidate, `nil` for candidates that gave none.
    public init(_ answers: [String?], tieBreak: TieBreak) {
        var counts: [String: Int] = [:]
        for case let answer? in answers { counts[answer, default: 0] += 1 }
        self.counts = counts
        let top = counts.values.max() ?? 0
        let leaders = counts.filter { $0.value == top }.keys.sorted()
        switch (leaders.count, tieBreak) {
        case (0, _): winner = nil
        case (1, _): winner = leaders[0]
        case (_, .noWinner): winner = nil
        case (_, .smallestAnswer): winner = leaders[0]
        }
    }

    /// 1 when `answer` is the winner, else 0 (also 0 for `nil`).
    public func agreement(_ answer: String?) -> Double {
        guard let answer, let winner else { return 0 }
        return answer == winner ? 1 : 0
    }

    /// The share of the group's `total` candidates that gave `answer`.
    public func share(_ answer: String?, of total: Int) -> Double {
        guard let answer, total > 0 else { return 0 }
        return Double(counts[answer, default: 0]) / Double(total)
    }
}
