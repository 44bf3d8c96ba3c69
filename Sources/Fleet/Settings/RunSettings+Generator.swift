import Llama

extension RunSettings {
    /// How generators sample (`GeneratorOptions`).
    public struct Generator: Codable, Equatable, Sendable {
        /// Candidates sampled per prompt (the group size N).
        public var samples = 8
        public var temperature: Float = 1
        public var topP: Float = 1
        /// Most new tokens per candidate.
        public var maxTokens = 64
        /// A candidate stops when its text ends with one of these.
        public var stop: [String] = []
        /// Prompt template per task, with `{text}` for the prompt.
        public var templates: [String: String] = [:]
        /// Base sampling seed, mixed with each prompt id and policy version.
        public var seed: UInt64 = 0
        /// The decoding steps' weights; `nil` is F32, the reference. F16 about doubles sampling speed on a real model.
        public var decodePrecision: DecodePrecision?
        /// The fraction of prompts held back from training for the label-free gate (`gate.held-back`).
        public var heldBack = 0.0

        public init() {}
    }
}
