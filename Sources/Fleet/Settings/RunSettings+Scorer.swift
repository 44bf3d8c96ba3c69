import ModelScorers
import Scoring

extension RunSettings {
    /// How scorers rate candidates (`ScorerOptions`).
    public struct Scorer: Codable, Equatable, Sendable {
        /// The scorer configuration: a '+'-separated weighted sum of built-in scorers, e.g. `verifier+0.2*format`.
        public var scorers = "verifier"
        /// The reward model and the LLM judge, for the `reward-model` and `judge` terms.
        public var models = ModelScorerSettings()

        /// The registry the scorer stage, the gate and nightly build `scorers` from: the built-in scorers and the
        /// model scorers these settings configure.
        public var registry: ScorerRegistry { ScorerRegistry.standard.adding(models) }

        public init() {}
    }
}
