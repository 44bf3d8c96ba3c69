import Losses

/// How a trainer learns from rollouts.
public struct TrainerSettings: Sendable {
    /// The RL objective (GRPO by default).
    public var loss: any PolicyLoss
    /// Rollouts sampled more than this many versions before the newest announced one are dropped (and counted).
    public var maxLag: Int
    /// Policy announcements must be signed by one of these (none: not checked).
    public var trustedKeys: TrustedKeys = .none
    /// Signs every update (nil: unsigned).
    public var signer: PolicySigner?

    public init(loss: any PolicyLoss = GRPOLoss(), maxLag: Int) {
        self.loss = loss
        self.maxLag = maxLag
    }
}
