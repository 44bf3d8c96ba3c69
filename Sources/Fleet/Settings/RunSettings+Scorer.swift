import HTTPScoring
import ModelScorers
import Scoring

extension RunSettings {
    /// How scorers rate candidates (`ScorerOptions`).
    public struct Scorer: Codable, Equatable, Sendable {
        /// The scorer configuration: a '+'-separated weighted sum of built-in scorers, e.g. `verifier+0.2*format`.
        public var scorers = "verifier"
        /// The reward model and the LLM judge, for the `reward-model` and `judge` terms.
        public var models = ModelScorerSettings()

        /// The user's scoring service, for the `http` term; an empty `url` leaves it unusable.
        public var http = HTTPScorerOptions(url: "")

        /// The registry the scorer stage, the gate and nightly build `scorers` from: the built-in scorers, the model
        /// scorers and the HTTP scorer these settings configure.
        /// - Throws: `HTTPScorerOptionsError` for an HTTP scorer configured with options it cannot use; an error naming
        ///   the key when a reward model or judge that `scorers` uses is not where its key says.
        public func registry() throws -> ScorerRegistry {
            try models.check(scorers: scorers)
            var registry = ScorerRegistry.standard.adding(models)
            if http.url.isEmpty {
                registry.register("http") { task in
                    throw ScorerConfigError.notApplicable(
                        scorer: "http", task: task.name,
                        reason: "no scoring service is configured; set scorer.http.url (docs/scoring.md, HTTP scorer)")
                }
            } else {
                try registry.registerHTTP(options: http)
            }
            return registry
        }

        /// Scorer names whose builders need settings a configuration may give after `scorer.scorers`.
        public static let deferred: Set<String> = ModelScorerSettings.names.union(["http"])

        public init() {}
    }
}
