extension RunSettings {
    /// How scorers rate candidates (`ScorerOptions`).
    public struct Scorer: Codable, Equatable, Sendable {
        /// The scorer configuration: a '+'-separated weighted sum of built-in scorers, e.g. `verifier+0.2*format`.
        public var scorers = "verifier"

        public init() {}
    }
}
