import Llama

/// How the coordinator turns updates into policy versions.
public struct CoordinatorSettings: Sendable {
    /// Updates (normally one scored group each) averaged into one AdamW step and one new version.
    public var updatesPerVersion: Int
    public var schedule: LearningRateSchedule
    public var weightDecay: Float
    /// Clip the averaged gradient to this global norm; 0 turns clipping off.
    public var maxGradNorm: Float
    /// Updates computed against a policy more than this many versions old are dropped.
    public var maxLag: Int
    /// Train a LoRA adapter over the frozen base (the default for real runs), or every parameter when nil.
    public var adapter: LoRAConfig?
    /// Which versions' blobs stay in the store (the rest are pruned as new versions are committed).
    public var retention: BlobRetention
    /// Versions for which the applied rollout ids are remembered, so that a prompt sampled again within them (its
    /// generator died after publishing the candidates but before committing the prompt's offset) is trained once.
    /// Never fewer than `maxLag`: an update older than that is stale anyway.
    public var dedupeVersions: Int
    /// Signs every announcement (nil: unsigned).
    public var signer: PolicySigner?
    /// Updates must be signed by one of these (none: not checked).
    public var trustedKeys: TrustedKeys = .none

    public init(
        updatesPerVersion: Int, schedule: LearningRateSchedule, weightDecay: Float = 0, maxGradNorm: Float = 1,
        maxLag: Int, adapter: LoRAConfig? = nil, retention: BlobRetention = .keepAll, dedupeVersions: Int = 256
    ) {
        self.dedupeVersions = dedupeVersions
        self.retention = retention
        self.updatesPerVersion = updatesPerVersion
        self.schedule = schedule
        self.weightDecay = weightDecay
        self.maxGradNorm = maxGradNorm
        self.maxLag = maxLag
        self.adapter = adapter
    }
}
