/// The hyper-parameters of a Llama-architecture model, read from and written to a Hugging Face `config.json`.
///
/// The shape alphabet used across the engine (written down once, here):
/// B batch, T time (sequence), C model dim (`hiddenSize`), H query heads, Hkv key/value heads, D head dim (C / H),
/// F MLP hidden (`intermediateSize`), V vocabulary, L layers, N samples per prompt.
///
/// Decoding and encoding follow Hugging Face's `LlamaConfig` (see `LlamaConfig+HFJSON.swift`); decoding rejects
/// configurations this engine does not implement with a ``LlamaConfigError`` naming the field.
public struct LlamaConfig: Equatable, Sendable {
    /// V
    public var vocabSize: Int
    /// C
    public var hiddenSize: Int
    /// F
    public var intermediateSize: Int
    /// L
    public var numHiddenLayers: Int
    /// H
    public var numAttentionHeads: Int
    /// Hkv; equals H for multi-head attention, fewer for grouped-query attention.
    public var numKeyValueHeads: Int
    public var maxPositionEmbeddings: Int
    public var rmsNormEps: Float
    public var ropeTheta: Float
    public var tieWordEmbeddings: Bool
    public var bosTokenId: Int?
    /// Every token id that ends generation (HF's `eos_token_id` may be one id or a list, e.g. Llama-3-Instruct's
    /// `<|end_of_text|>` and `<|eot_id|>`).
    public var eosTokenIds: [Int]

    /// The first of ``eosTokenIds``; setting it replaces the list.
    public var eosTokenId: Int? {
        get { eosTokenIds.first }
        set { eosTokenIds = newValue.map { [$0] } ?? [] }
    }

    /// D
    public var headDim: Int { hiddenSize / numAttentionHeads }

    public init(
        vocabSize: Int, hiddenSize: Int, intermediateSize: Int, numHiddenLayers: Int,
        numAttentionHeads: Int, numKeyValueHeads: Int, maxPositionEmbeddings: Int = 2048,
        rmsNormEps: Float = 1e-5, ropeTheta: Float = 10_000, tieWordEmbeddings: Bool = false,
        bosTokenId: Int? = nil, eosTokenId: Int? = nil
    ) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.rmsNormEps = rmsNormEps
        self.ropeTheta = ropeTheta
        self.tieWordEmbeddings = tieWordEmbeddings
        self.bosTokenId = bosTokenId
        self.eosTokenIds = eosTokenId.map { [$0] } ?? []
    }
}
