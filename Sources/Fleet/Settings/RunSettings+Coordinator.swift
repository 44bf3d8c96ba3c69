extension RunSettings {
    /// How the coordinator turns updates into versions (`CoordinatorOptions`).
    public struct Coordinator: Codable, Equatable, Sendable {
        /// Hugging Face Llama directory a fresh run starts from.
        public var baseModel: String
        /// Directory of the coordinator's checkpoint, shared by an active and a standby coordinator.
        public var checkpointDir = "tao-checkpoint"
        /// Updates averaged into one optimiser step and one new policy version.
        public var updatesPerVersion = 8
        /// Peak AdamW learning rate.
        public var learningRate: Float = 1e-5
        /// Linear warm-up steps (versions) to the peak learning rate.
        public var warmup = 0
        public var weightDecay: Float = 0
        /// Clip the averaged gradient to this global norm; 0 turns clipping off.
        public var maxGradNorm: Float = 1
        /// Rank of the LoRA adapter over the frozen base; 0 trains every parameter instead.
        public var loraRank = 8
        public var loraAlpha: Float = 16
        /// Versions whose blobs stay in the store besides every promoted one; 0 keeps all.
        public var keepVersions = 16
        /// Versions for which the coordinator remembers the prompts it trained on (at least the max lag).
        public var dedupeVersions = 256

        public init(baseModel: String) {
            self.baseModel = baseModel
        }
    }
}
