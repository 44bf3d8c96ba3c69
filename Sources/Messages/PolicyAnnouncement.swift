/// A committed policy version, on the `policy` topic: announced only after its weights are complete in the blob
/// store and its checkpoint is written, so a generator that sees it can always load it.
public struct PolicyAnnouncement: WireMessage, Equatable {
    public static let schemaName = "tao.policy"
    public static let schemaVersion = 1

    /// `v<version>`.
    public var id: String { "v\(version)" }
    /// Increases by one per commit; 0 is the base model.
    public var version: Int
    /// SHA-256 of the uncompressed weights file.
    public var checksum: String
    /// Uncompressed size in bytes.
    public var size: Int
    /// Where the bytes are (the blob store, normally).
    public var weights: Payload
    /// `safetensors` (merged weights) or `lora-safetensors` (an adapter over `base`).
    public var format: String
    /// Updates folded into this version since the previous one.
    public var appliedUpdates: Int
    /// The model's Hugging Face `config.json`, as text.
    public var config: String
    /// The model's `tokenizer.json` bytes (normally a blob reference; the same for every version).
    public var tokenizer: Payload
    /// Reserved for signed weights: a detached signature over `checksum`, and who signed.
    public var signature: String?

    public init(
        version: Int, checksum: String, size: Int, weights: Payload, format: String, appliedUpdates: Int,
        config: String, tokenizer: Payload, signature: String? = nil
    ) {
        self.version = version
        self.checksum = checksum
        self.size = size
        self.weights = weights
        self.format = format
        self.appliedUpdates = appliedUpdates
        self.config = config
        self.tokenizer = tokenizer
        self.signature = signature
    }

    enum CodingKeys: String, CodingKey {
        case version, checksum, size, weights, format, appliedUpdates, config, tokenizer, signature
    }
}
