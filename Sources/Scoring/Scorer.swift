import Tasks

/// Rates the N candidate completions sampled for one prompt.
///
/// Scorers see the prompt exactly as the policy saw it (task name, text, label-free metadata) and the
/// completions as sampled (the text after the prompt, possibly running past the answer's stop marker).
/// They never see a gold answer. Scoring a group at once lets scorers compare candidates with each
/// other (majority agreement).
///
/// The protocol is async and `Sendable` so that scorers which wait on something else — a SQLite query
/// on its own queue today; a trained reward model, an LLM judge or an HTTP service later — fit the
/// same shape and can run concurrently.
public protocol Scorer: Sendable {
    /// Short stable name, used as the component prefix in combined scores, e.g. `"majority"`.
    var name: String { get }

    /// One score per completion, in the same order.
    /// - Throws: `ScoringError` when the prompt is not one this scorer can judge (for example an
    ///   arithmetic verifier given a prompt without an expression). A bad *completion* is never an
    ///   error; it scores 0.
    func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score]
}

/// Why a scorer could not judge a prompt.
public enum ScoringError: Error, Sendable, Hashable, CustomStringConvertible {
    case unsupportedPrompt(scorer: String, promptID: String, reason: String)
    /// A scorer broke the contract of one score per completion.
    case wrongScoreCount(scorer: String, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .unsupportedPrompt(let scorer, let promptID, let reason):
            return "scorer '\(scorer)' cannot judge prompt \(promptID): \(reason)"
        case .wrongScoreCount(let scorer, let expected, let got):
            return "scorer '\(scorer)' returned \(got) scores for \(expected) completions"
        }
    }
}
