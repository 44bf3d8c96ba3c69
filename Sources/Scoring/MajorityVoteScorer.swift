import Tasks

/// Generic self-consistency: a candidate scores 1 when its extracted, canonicalised answer is the
/// plurality answer of the group.
///
/// Components: `agreement` (1 or 0, equal to the total) and `voteShare` (the fraction of the group that
/// gave the same answer). Candidates without a well-formed answer get 0 and do not vote.
///
/// Caveat: majority vote rewards whatever a weak base model agrees on, including a confidently wrong
/// answer. Check majority-of-N accuracy against greedy accuracy on a labeled dev set before trusting it.
public struct MajorityVoteScorer: Scorer {
    public let name = "majority"
    public let task: any TaskFamily
    public let tieBreak: PluralityVote.TieBreak

    public init(task: any TaskFamily, tieBreak: PluralityVote.TieBreak = .noWinner) {
        self.task = task
        self.tieBreak = tieBreak
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let answers = completions.map { completion in
            task.extractAnswer(from: completion, of: prompt).flatMap(task.canonicalAnswer)
        }
        let vote = PluralityVote(answers, tieBreak: tieBreak)
        return answers.map { answer in
            let agreement = vote.agreement(answer)
            return Score(
                total: agreement,
                components: ["agreement": agreement, "voteShare": vote.share(answer, of: completions.count)])
        }
    }
}
