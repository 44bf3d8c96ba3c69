import Foundation

/// Reads and writes Hugging Face `config.json` for `LlamaForCausalLM`, with transformers' defaults for absent
/// fields: `num_key_value_heads` = `num_attention_heads`, `rms_norm_eps` 1e-6, `rope_theta` 10000,
/// `tie_word_embeddings` false, `max_position_embeddings` 2048.
extension LlamaConfig: Codable {
    enum Key: String, CodingKey {
        case modelType = "model_type"
        case architectures
        case hiddenAct = "hidden_act"
        case torchDtype = "torch_dtype"
        case vocabSize = "vocab_size"
        case hiddenSize = "hidden_size"
        case intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers"
        case numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads"
        case headDim = "head_dim"
        case maxPositionEmbeddings = "max_position_embeddings"
        case rmsNormEps = "rms_norm_eps"
        case ropeTheta = "rope_theta"
        case ropeScaling = "rope_scaling"
        case ropeParameters = "rope_parameters"
        case tieWordEmbeddings = "tie_word_embeddings"
        case attentionBias = "attention_bias"
        case mlpBias = "mlp_bias"
        case bosTokenId = "bos_token_id"
        case eosTokenId = "eos_token_id"
    }

    /// Reads `config.json` at `url`.
    public init(contentsOf url: URL) throws {
        self = try JSONDecoder().decode(LlamaConfig.self, from: Data(contentsOf: url))
    }

    /// The config as pretty-printed `config.json` bytes with sorted keys.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Key.self)
        if let type = try c.decodeIfPresent(String.self, forKey: .modelType), type != "llama" {
            throw LlamaConfigError.unsupported(
                field: "model_type", value: "\"\(type)\"", hint: "only \"llama\" checkpoints can be loaded")
        }
        if let architectures = try c.decodeIfPresent([String].self, forKey: .architectures),
            !architectures.isEmpty, !architectures.contains("LlamaForCausalLM")
        {
            throw LlamaConfigError.unsupported(
                field: "architectures", value: "\(architectures)", hint: "only LlamaForCausalLM is implemented")
        }
        let act = try c.decodeIfPresent(String.self, forKey: .hiddenAct) ?? "silu"
        guard act == "silu" else {
            throw LlamaConfigError.unsupported(
                field: "hidden_act", value: "\"\(act)\"", hint: "only silu is implemented")
        }
        for (key, name) in [(Key.attentionBias, "attention_bias"), (.mlpBias, "mlp_bias")]
        where try c.decodeIfPresent(Bool.self, forKey: key) == true {
            throw LlamaConfigError.unsupported(field: name, value: "true", hint: "biases are not implemented")
        }
        var theta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta)
        try Self.rejectRopeScaling(c, key: .ropeScaling)
        if c.contains(.ropeParameters), try !c.decodeNil(forKey: .ropeParameters) {  // transformers ≥ 5
            try Self.rejectRopeScaling(c, key: .ropeParameters)
            theta =
                try c.nestedContainer(keyedBy: RopeKey.self, forKey: .ropeParameters)
                .decodeIfPresent(Double.self, forKey: .ropeTheta) ?? theta
        }
        let heads = try c.decode(Int.self, forKey: .numAttentionHeads)
        self.init(
            vocabSize: try c.decode(Int.self, forKey: .vocabSize),
            hiddenSize: try c.decode(Int.self, forKey: .hiddenSize),
            intermediateSize: try c.decode(Int.self, forKey: .intermediateSize),
            numHiddenLayers: try c.decode(Int.self, forKey: .numHiddenLayers),
            numAttentionHeads: heads,
            numKeyValueHeads: try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? heads,
            maxPositionEmbeddings: try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048,
            rmsNormEps: Float(try c.decodeIfPresent(Double.self, forKey: .rmsNormEps) ?? 1e-6),
            ropeTheta: Float(theta ?? 10_000),
            tieWordEmbeddings: try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false,
            bosTokenId: try Self.decodeIds(c, .bosTokenId).first)
        eosTokenIds = try Self.decodeIds(c, .eosTokenId)
        try validate()
        if let headDim = try c.decodeIfPresent(Int.self, forKey: .headDim), headDim != self.headDim {
            throw LlamaConfigError.unsupported(
                field: "head_dim", value: "\(headDim)",
                hint: "only head_dim = hidden_size / num_attention_heads = \(self.headDim) is implemented")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode("llama", forKey: .modelType)
        try c.encode(["LlamaForCausalLM"], forKey: .architectures)
        try c.encode("silu", forKey: .hiddenAct)
        try c.encode("float32", forKey: .torchDtype)
        try c.encode(vocabSize, forKey: .vocabSize)
        try c.encode(hiddenSize, forKey: .hiddenSize)
        try c.encode(intermediateSize, forKey: .intermediateSize)
        try c.encode(numHiddenLayers, forKey: .numHiddenLayers)
        try c.encode(numAttentionHeads, forKey: .numAttentionHeads)
        try c.encode(numKeyValueHeads, forKey: .numKeyValueHeads)
        try c.encode(headDim, forKey: .headDim)
        try c.encode(maxPositionEmbeddings, forKey: .maxPositionEmbeddings)
        // Through the shortest decimal form, so 1e-5 is written as 1e-05 rather than 9.9999997473787516e-06.
        try c.encode(Double("\(rmsNormEps)") ?? Double(rmsNormEps), forKey: .rmsNormEps)
        try c.encode(Double("\(ropeTheta)") ?? Double(ropeTheta), forKey: .ropeTheta)
        try c.encodeNil(forKey: .ropeScaling)
        try c.encode(tieWordEmbeddings, forKey: .tieWordEmbeddings)
        try c.encode(false, forKey: .attentionBias)
        try c.encode(false, forKey: .mlpBias)
        try c.encodeIfPresent(bosTokenId, forKey: .bosTokenId)
        if eosTokenIds.count == 1 {
            try c.encode(eosTokenIds[0], forKey: .eosTokenId)
        } else if !eosTokenIds.isEmpty {
            try c.encode(eosTokenIds, forKey: .eosTokenId)
        }
    }

    /// Checks sizes are positive and the head counts divide evenly.
    public func validate() throws {
        let sizes = [
            ("vocab_size", vocabSize), ("hidden_size", hiddenSize), ("intermediate_size", intermediateSize),
            ("num_hidden_layers", numHiddenLayers), ("num_attention_heads", numAttentionHeads),
            ("num_key_value_heads", numKeyValueHeads), ("max_position_embeddings", maxPositionEmbeddings),
        ]
        for (name, value) in sizes where value <= 0 {
            throw LlamaConfigError.invalid(field: name, reason: "must be positive, got \(value)")
        }
        guard hiddenSize % numAttentionHeads == 0 else {
            throw LlamaConfigError.invalid(
                field: "hidden_size",
                reason: "\(hiddenSize) is not divisible by num_attention_heads \(numAttentionHeads)")
        }
        guard numAttentionHeads % numKeyValueHeads == 0 else {
            throw LlamaConfigError.invalid(
                field: "num_key_value_heads",
                reason: "num_attention_heads \(numAttentionHeads) is not a multiple of \(numKeyValueHeads)")
        }
        guard rmsNormEps > 0, ropeTheta > 0 else {
            throw LlamaConfigError.invalid(field: "rms_norm_eps/rope_theta", reason: "must be positive")
        }
    }

    private enum RopeKey: String, CodingKey {
        case ropeType = "rope_type"
        case type
        case ropeTheta = "rope_theta"
    }

    /// `rope_scaling` (or `rope_parameters`) must be null or of type "default": scaled RoPE is not implemented.
    private static func rejectRopeScaling(_ c: KeyedDecodingContainer<Key>, key: Key) throws {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return }
        let scaling = try c.nestedContainer(keyedBy: RopeKey.self, forKey: key)
        let type =
            try scaling.decodeIfPresent(String.self, forKey: .ropeType)
            ?? scaling.decodeIfPresent(String.self, forKey: .type)
        if key == .ropeParameters, type == nil || type == "default" { return }
        throw LlamaConfigError.unsupported(
            field: key.stringValue, value: "{type: \(type ?? "unspecified")}",
            hint: "only plain RoPE (rope_scaling null) is implemented")
    }

    /// `bos_token_id` / `eos_token_id`: absent, null, an int, or a list of ints.
    private static func decodeIds(_ c: KeyedDecodingContainer<Key>, _ key: Key) throws -> [Int] {
        guard c.contains(key), try !c.decodeNil(forKey: key) else { return [] }
        if let id = try? c.decode(Int.self, forKey: key) { return [id] }
        return try c.decode([Int].self, forKey: key)
    }
}
