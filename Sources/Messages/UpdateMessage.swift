/// A policy update computed by a trainer against one base version, on the `updates` topic, for the coordinator.
public struct UpdateMessage: WireMessage, Equatable {
    public static let schemaName = "tao.update"
    public static let schemaVersion = 1

    /// Deterministic from the rollouts it learned from (a hash of their ids and the base version), so a trainer that
    /// crashes and recomputes the same batch produces the same id, and the coordinator applies it once.
    public var id: String
    /// The policy version the gradient was taken at.
    public var baseVersion: Int
    /// What the payload holds.
    public var kind: Kind
    /// The update's tensors (format set by `kind`).
    public var payload: Payload
    /// The rollouts this update learned from.
    public var rolloutIDs: [String]
    /// Loss, mean reward, token count, … for progress views and metrics.
    public var stats: [String: Double]
    /// The coordinator epoch of the announcement the base version came in: a version a fenced coordinator committed
    /// shares its number with the new epoch's, and this tells them apart (docs/reliability.md). Absent in updates
    /// from before fencing.
    public var baseEpoch: Int?
    /// `ed25519:<key id>:<base64>` by the trainer's key, over every field but `stats` (docs/reliability.md); nil
    /// when the trainer does not sign.
    public var signature: String?

    public init(
        id: String, baseVersion: Int, kind: Kind, payload: Payload, rolloutIDs: [String], stats: [String: Double],
        baseEpoch: Int? = nil, signature: String? = nil
    ) {
        self.signature = signature
        self.baseEpoch = baseEpoch
        self.id = id
        self.baseVersion = baseVersion
        self.kind = kind
        self.payload = payload
        self.rolloutIDs = rolloutIDs
        self.stats = stats
    }

    public enum Kind: String, Codable, Sendable {
        /// Gradients of the LoRA adapter only (the default: small enough to go inline).
        case loraGradients = "lora-gradients"
        /// Gradients of every parameter (large: by reference to the blob store).
        case fullGradients = "full-gradients"
    }
}
