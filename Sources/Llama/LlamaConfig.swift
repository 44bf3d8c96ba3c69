/// The hyper-parameters of a Llama-architecture model, read from and written to a Hugging Face `config.json`.
///
/// The shape alphabet used across the engine (written down once, here):
/// B batch, T time (sequence), C model dim (`hiddenSize`), H query heads, Hkv key/value heads, D head dim (C / H),
/// F MLP hidden (`intermediateSize`), V vocabulary, L layers, N samples per prompt.
public struct LlamaConfig: Codable, Equatable, Sendable {
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
    public var eosTokenId: Int?

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
        self.eosTokenId = eosTokenId
    }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case maxPositionEmbeddings = "max_position_embeddings"
        case rmsNormEps = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case tieWordEmbeddings = "tie_word_embeddings"
        case bosTokenId = "bos_token_id"
        case eosTokenId = "eos_token_id"
    }
}
