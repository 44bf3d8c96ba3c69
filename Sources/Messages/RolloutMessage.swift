/// Candidates with their scores, on the `rollouts` topic: what the trainer learns from.
public struct RolloutMessage: WireMessage, Equatable {
    public static let schemaName = "tao.rollout"
    public static let schemaVersion = 1

    /// The candidates' id: scoring is deterministic given the configured scorers, so re-scoring keeps it.
    public var id: String
    public var candidates: CandidatesMessage
    /// One per sample, in sample order.
    public var scores: [Score]
    /// The scorer configuration that produced `scores`, e.g. `verifier+0.2*format`.
    public var scorer: String

    public init(candidates: CandidatesMessage, scores: [Score], scorer: String) {
        self.id = candidates.id
        self.candidates = candidates
        self.scores = scores
        self.scorer = scorer
    }

    public struct Score: Codable, Sendable, Equatable {
        /// The reward the trainer uses, in [0, 1].
        public var total: Double
        /// Named parts (e.g. `executes`, `majority`), for dashboards and debugging.
        public var components: [String: Double]

        public init(total: Double, components: [String: Double] = [:]) {
            self.total = total
            self.components = components
        }
    }
}
