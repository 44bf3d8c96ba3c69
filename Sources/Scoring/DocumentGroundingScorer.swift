import Tasks

/// Scores document-QA answers without labels: is the answer a number, is it grounded in the document,
/// and does the group agree on it.
///
/// Components, each 0 or 1:
/// - `wellFormed`: the answer is an integer (signs and thousands separators allowed);
/// - `grounded`: it equals a figure of the document, or `a + b` or `a − b` for two different figures
///   (the task's questions need at most one operation);
/// - `agreement`: it is the plurality answer among the group's well-formed answers.
///
/// The figures come from the prompt's `figures` metadata, or failing that from the integers in the
/// document part of the text (before `"\nQ:"`). The total is the weighted mean (by default 0.2, 0.3, 0.5).
public struct DocumentGroundingScorer: Scorer {
    /// Relative weights of the components in the total; they need not sum to 1.
    public struct Weights: Sendable, Hashable {
        public var wellFormed: Double
        public var grounded: Double
        public var agreement: Double

        public init(wellFormed: Double = 0.2, grounded: Double = 0.3, agreement: Double = 0.5) {
            precondition(wellFormed >= 0 && grounded >= 0 && agreement >= 0 && wellFormed + grounded + agreement > 0)
            self.wellFormed = wellFormed
            self.grounded = grounded
            self.agreement = agreement
        }
    }

    public let name = "grounding"
    public let task: DocumentQATask
    public let weights: Weights
    public let tieBreak: PluralityVote.TieBreak

    public init(task: DocumentQATask = DocumentQATask(), weights: Weights = Weights(),
                tieBreak: PluralityVote.TieBreak = .noWinner) {
        self.task = task
        self.weights = weights
        self.tieBreak = tieBreak
    }

    public func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
        let reachable = Self.reachableValues(Self.figures(in: prompt))
        guard !reachable.isEmpty else {
            throw ScoringError.unsupportedPrompt(scorer: name, promptID: prompt.id, reason: "no figures in the document")
        }
        let answers = completions.map { task.extractAnswer(from: $0, of: prompt).flatMap(task.canonicalAnswer) }
        let vote = PluralityVote(answers, tieBreak: tieBreak)
        let weightSum = weights.wellFormed + weights.grounded + weights.agreement
        return answers.map { answer in
            let wellFormed: Double = answer == nil ? 0 : 1
            let grounded: Double = answer.flatMap(Int.init).map(reachable.contains) == true ? 1 : 0
            let agreement = vote.agreement(answer)
            let total = (weights.wellFormed * wellFormed + weights.grounded * grounded + weights.agreement * agreement)
                / weightSum
            return Score(
                total: total, components: ["wellFormed": wellFormed, "grounded": grounded, "agreement": agreement])
        }
    }

    /// The document's figures: `figures` metadata if present, else every integer before `"\nQ:"`.
    static func figures(in prompt: TaskPrompt) -> [Int] {
        if let listed = prompt.metadata["figures"] {
            return listed.split(separator: ",").compactMap { Int($0) }
        }
        let document = prompt.text.split(separator: "\nQ:", maxSplits: 1).first.map(String.init) ?? prompt.text
        return document.split(whereSeparator: { !($0.isASCII && $0.isNumber) }).compactMap { Int($0) }
    }

    /// The figures, plus the sum and both differences of every pair of different positions.
    static func reachableValues(_ figures: [Int]) -> Set<Int> {
        var values = Set(figures)
        for i in figures.indices {
            for j in figures.indices where i != j {
                values.insert(figures[i] + figures[j])
                values.insert(figures[i] - figures[j])
            }
        }
        return values
    }
}
