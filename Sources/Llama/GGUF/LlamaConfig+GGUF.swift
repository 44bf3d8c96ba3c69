extension LlamaConfig {
    /// The `llama.*` keys read into a config, and the ones checked to hold values this engine implements.
    /// Any other `llama.*` key (rope scaling, logit or residual scales, experts, sliding windows, …) could change
    /// the math, so it is refused by name rather than ignored.
    static let ggufKnownKeys: Set<String> = [
        "context_length", "embedding_length", "block_count", "feed_forward_length", "attention.head_count",
        "attention.head_count_kv", "attention.layer_norm_rms_epsilon", "rope.freq_base", "rope.dimension_count",
        "vocab_size", "attention.key_length", "attention.value_length", "rope.scaling.type", "rope.scaling.factor",
        "expert_count", "expert_used_count", "tensor_data_layout",
    ]

    /// The config of a GGUF file of architecture `llama`, from its `llama.*` metadata (as transformers maps
    /// them): block_count → L, embedding_length → C, feed_forward_length → F, attention.head_count → H,
    /// attention.head_count_kv → Hkv (default H), context_length, attention.layer_norm_rms_epsilon,
    /// rope.freq_base (default 10000); V from `llama.vocab_size` or the length of `tokenizer.ggml.tokens`;
    /// tied embeddings when there is no `output.weight`; BOS/EOS from `tokenizer.ggml.bos/eos_token_id`.
    ///
    /// The head dim must be C / H (`rope.dimension_count`, `attention.key_length`/`value_length` are checked
    /// against it). A missing key, another architecture, or a key that changes the math is a ``GGUFError``.
    public init(gguf file: GGUFFile) throws(GGUFError) {
        let architecture = file.metadata["general.architecture"]
        guard let architecture else { throw file.error("general.architecture", .missingKey("general.architecture")) }
        guard architecture.string == "llama" else {
            throw file.error(
                "general.architecture",
                .unsupported(
                    what: "architecture", value: "\(architecture.string ?? "\(architecture)")",
                    hint: "only 'llama' GGUF files (Llama, SmolLM, TinyLlama, Mistral-style dense models) can be loaded"
                ))
        }
        for key in file.metadataKeys
        where key.hasPrefix("llama.") && !Self.ggufKnownKeys.contains(String(key.dropFirst(6))) {
            throw file.error(
                key,
                .unsupported(
                    what: "metadata key", value: "'\(key)' = \(file.metadata[key].map { "\($0)" } ?? "")",
                    hint: "this engine implements plain Llama (no rope scaling, logit/embedding/residual scales, "
                        + "experts or sliding windows) and would compute different logits than llama.cpp"))
        }
        func int(_ name: String, default fallback: Int? = nil) throws(GGUFError) -> Int {
            let key = "llama." + name
            guard let value = file.metadata[key] else {
                guard let fallback else { throw file.error(key, .missingKey(key)) }
                return fallback
            }
            guard let int = value.int else {
                throw file.error(
                    key,
                    .badMetadata(key: key, reason: "\(value) is not an integer (a per-layer array is not supported)"))
            }
            return int
        }
        func double(_ name: String, default fallback: Double? = nil) throws(GGUFError) -> Double {
            let key = "llama." + name
            guard let value = file.metadata[key] else {
                guard let fallback else { throw file.error(key, .missingKey(key)) }
                return fallback
            }
            guard let double = value.double else {
                throw file.error(key, .badMetadata(key: key, reason: "\(value) is not a number"))
            }
            return double
        }
        let heads = try int("attention.head_count")
        let tokens = file.metadata["tokenizer.ggml.tokens"]?.array?.count
        let vocab: Int
        if file.metadata["llama.vocab_size"] != nil {
            vocab = try int("vocab_size")
        } else if let tokens {
            vocab = tokens
        } else {
            throw file.error("llama.vocab_size", .missingKey("llama.vocab_size (or tokenizer.ggml.tokens)"))
        }
        self.init(
            vocabSize: vocab, hiddenSize: try int("embedding_length"), intermediateSize: try int("feed_forward_length"),
            numHiddenLayers: try int("block_count"), numAttentionHeads: heads,
            numKeyValueHeads: try int("attention.head_count_kv", default: heads),
            maxPositionEmbeddings: try int("context_length"),
            rmsNormEps: Float(try double("attention.layer_norm_rms_epsilon")),
            ropeTheta: Float(try double("rope.freq_base", default: 10_000)),
            tieWordEmbeddings: !file.contains("output.weight"),
            bosTokenId: file.metadata["tokenizer.ggml.bos_token_id"]?.int,
            eosTokenId: file.metadata["tokenizer.ggml.eos_token_id"]?.int)
        do { try validate() } catch {
            throw file.error(nil, .inconsistent(reason: "the llama.* metadata describe no valid model: \(error)"))
        }
        try checkGGUFOptions(file, int: int, double: double)
    }

    /// The keys that must hold the one value this engine implements.
    private func checkGGUFOptions(
        _ file: GGUFFile, int: (String, Int?) throws(GGUFError) -> Int,
        double: (String, Double?) throws(GGUFError) -> Double
    ) throws(GGUFError) {
        for name in ["rope.dimension_count", "attention.key_length", "attention.value_length"] {
            let value = try int(name, headDim)
            guard value == headDim else {
                throw file.error(
                    "llama." + name,
                    .unsupported(
                        what: "llama.\(name)", value: "\(value)",
                        hint: "only a head dim (and full rotary dim) of embedding_length / head_count = "
                            + "\(headDim) is implemented"))
            }
        }
        for name in ["expert_count", "expert_used_count"] where try int(name, 0) != 0 {
            throw file.error(
                "llama." + name,
                .unsupported(
                    what: "llama.\(name)", value: "\(try int(name, 0))",
                    hint: "mixture-of-experts models are not implemented"))
        }
        let scaling = file.metadata["llama.rope.scaling.type"]?.string ?? "none"
        let factor = try double("rope.scaling.factor", 1)
        guard scaling == "none" || (scaling == "linear" && factor == 1), factor == 1 || factor == 0 else {
            throw file.error(
                "llama.rope.scaling.type",
                .unsupported(
                    what: "rope scaling", value: "\(scaling) (factor \(factor))", hint: "only plain RoPE is implemented"
                ))
        }
    }
}
