extension RunSettings {
    /// How trainers learn (`TrainerOptions`).
    public struct Trainer: Codable, Equatable, Sendable {
        /// The RL objectives a trainer can use, by the names the command line and the file give them.
        public enum Loss: String, Codable, CaseIterable, Sendable {
            case grpo, rloo, dpo
            case bestOfN = "best-of-n"
        }

        public var loss = Loss.grpo
        /// KL penalty coefficient toward the sampling policy (grpo and rloo); 0 turns it off.
        public var kl: Double = 0

        public init() {}
    }
}
