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
    /// `safetensors` (all weights) or `safetensors+lora` (the base in `weights`, plus `adapter`).
    public var format: String
    /// Updates folded into this version since the previous one.
    public var appliedUpdates: Int
    /// The model's Hugging Face `config.json`, as text.
    public var config: String
    /// The model's `tokenizer.json` bytes (normally a blob reference; the same for every version).
    public var tokenizer: Payload
    /// The model's `tokenizer_config.json` as text — named special tokens and the chat template, so generators
    /// render chat prompts as the base model does; absent for a model without one (and in older announcements).
    public var tokenizerConfig: String?
    /// When the policy is a LoRA adapter over a frozen base (format `safetensors+lora`): the adapter; `weights` is
    /// then the base (the same blob every version), which stages keep and merge or attach the adapter to.
    public var adapter: AdapterReference?
    /// Reserved for signed weights: a detached signature over `checksum`, and who signed.
    public var signature: String?
    /// The coordinator's fencing epoch when it committed this version: a coordinator claims a higher epoch each time
    /// it takes the updates partition over, so a stage that has seen epoch E ignores what an older, fenced coordinator
    /// publishes (docs/reliability.md, "Fencing"). Absent in announcements from before fencing: read as 0.
    public var epoch: Int?

    /// `epoch`, absent read as 0.
    public var fencingEpoch: Int { epoch ?? 0 }

    public init(
        version: Int, checksum: String, size: Int, weights: Payload, format: String, appliedUpdates: Int,
        config: String, tokenizer: Payload, tokenizerConfig: String? = nil, adapter: AdapterReference? = nil,
        signature: String? = nil, epoch: Int? = nil
    ) {
        self.version = version
        self.checksum = checksum
        self.size = size
        self.weights = weights
        self.format = format
        self.appliedUpdates = appliedUpdates
        self.config = config
        self.tokenizer = tokenizer
        self.tokenizerConfig = tokenizerConfig
        self.adapter = adapter
        self.signature = signature
        self.epoch = epoch
    }

    enum CodingKeys: String, CodingKey {
        case version, checksum, size, weights, format, appliedUpdates, config, tokenizer, tokenizerConfig, adapter
        case signature, epoch
    }
}

/// A LoRA adapter and the base model it applies to, as blobs.
public struct AdapterReference: Codable, Sendable, Equatable {
    /// PEFT's `adapter_config.json`, as text.
    public var config: String
    /// PEFT's `adapter_model.safetensors`.
    public var weights: Payload
    /// The frozen base model's weights (safetensors; the same blob for every version, and the same as the
    /// announcement's `weights`).
    public var base: Payload

    public init(config: String, weights: Payload, base: Payload) {
        self.config = config
        self.weights = weights
        self.base = base
    }
}
