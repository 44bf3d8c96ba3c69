import Foundation
import Llama
import Testing

@Suite("config.json ↔ LlamaConfig")
struct LlamaConfigTests {
    /// Meta-Llama-3-8B-Instruct's config.json (as published), minus nothing.
    static let llama3 = """
        {"architectures": ["LlamaForCausalLM"], "attention_bias": false, "attention_dropout": 0.0,
         "bos_token_id": 128000, "eos_token_id": [128001, 128009], "hidden_act": "silu", "hidden_size": 4096,
         "initializer_range": 0.02, "intermediate_size": 14336, "max_position_embeddings": 8192,
         "model_type": "llama", "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 8,
         "pretraining_tp": 1, "rms_norm_eps": 1e-05, "rope_scaling": null, "rope_theta": 500000.0,
         "tie_word_embeddings": false, "torch_dtype": "bfloat16", "transformers_version": "4.40.0.dev0",
         "use_cache": true, "vocab_size": 128256}
        """

    func decode(_ json: String) throws -> LlamaConfig {
        try JSONDecoder().decode(LlamaConfig.self, from: Data(json.utf8))
    }

    /// A minimal config with `extra` spliced in.
    func minimal(_ extra: String = "") -> String {
        #"{"vocab_size": 10, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2\#(extra)}"#
    }

    @Test func decodesRealLlama3Config() throws {
        let config = try decode(Self.llama3)
        #expect(config.vocabSize == 128_256)
        #expect(config.hiddenSize == 4096)
        #expect(config.intermediateSize == 14_336)
        #expect(config.numHiddenLayers == 32)
        #expect(config.numAttentionHeads == 32)
        #expect(config.numKeyValueHeads == 8)
        #expect(config.headDim == 128)
        #expect(config.maxPositionEmbeddings == 8192)
        #expect(config.rmsNormEps == 1e-5)
        #expect(config.ropeTheta == 500_000)
        #expect(config.bosTokenId == 128_000)
        #expect(config.eosTokenIds == [128_001, 128_009])
        #expect(config.eosTokenId == 128_001)
        #expect(!config.tieWordEmbeddings)
    }

    @Test func appliesHuggingFaceDefaults() throws {
        let config = try decode(minimal())
        #expect(config.numKeyValueHeads == 2)
        #expect(config.rmsNormEps == 1e-6)
        #expect(config.ropeTheta == 10_000)
        #expect(config.maxPositionEmbeddings == 2048)
        #expect(!config.tieWordEmbeddings)
        #expect(config.eosTokenIds.isEmpty)
        #expect(try decode(minimal(#", "eos_token_id": 7, "head_dim": 4"#)).eosTokenIds == [7])
    }

    @Test func encodingRoundTripsAndIsValidHFJSON() throws {
        var config = try decode(Self.llama3)
        let data = try config.jsonData()
        #expect(try JSONDecoder().decode(LlamaConfig.self, from: data) == config)
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
        #expect(object["model_type"] as? String == "llama")
        #expect(object["architectures"] as? [String] == ["LlamaForCausalLM"])
        #expect(object["hidden_act"] as? String == "silu")
        #expect(object["torch_dtype"] as? String == "float32")
        #expect(object["head_dim"] as? Int == 128)
        #expect(object["eos_token_id"] as? [Int] == [128_001, 128_009])
        #expect(String(decoding: data, as: UTF8.self).contains("\"rms_norm_eps\" : 1e-05"))
        config.eosTokenId = 5
        let single = try JSONSerialization.jsonObject(with: config.jsonData()) as! [String: Any]
        #expect(single["eos_token_id"] as? Int == 5)
    }

    @Test(arguments: [
        (#", "model_type": "mistral""#, "model_type"),
        (#", "architectures": ["GemmaForCausalLM"]"#, "architectures"),
        (#", "hidden_act": "gelu""#, "hidden_act"),
        (#", "rope_scaling": {"rope_type": "llama3", "factor": 8.0}"#, "rope_scaling"),
        (#", "rope_scaling": {"type": "linear", "factor": 2.0}"#, "rope_scaling"),
        (#", "rope_parameters": {"rope_type": "yarn", "rope_theta": 1e6}"#, "rope_parameters"),
        (#", "attention_bias": true"#, "attention_bias"),
        (#", "mlp_bias": true"#, "mlp_bias"),
        (#", "head_dim": 64"#, "head_dim"),
    ])
    func rejectsUnsupported(extra: String, field: String) throws {
        let error = #expect(throws: LlamaConfigError.self) { try decode(minimal(extra)) }
        guard case .unsupported(let named, _, _) = error else {
            Issue.record("expected unsupported(\(field)), got \(String(describing: error))")
            return
        }
        #expect(named == field)
        #expect(error?.description.contains(field) == true)
    }

    @Test func namesTheRopeScalingType() throws {
        let error = #expect(throws: LlamaConfigError.self) {
            try decode(minimal(#", "rope_scaling": {"rope_type": "llama3", "factor": 8.0}"#))
        }
        #expect(error?.description.contains("llama3") == true)
    }

    @Test func acceptsDefaultRopeParameters() throws {
        let config = try decode(minimal(#", "rope_parameters": {"rope_type": "default", "rope_theta": 500000.0}"#))
        #expect(config.ropeTheta == 500_000)
    }

    @Test func rejectsInconsistentSizes() throws {
        #expect(throws: LlamaConfigError.self) { try decode(minimal(#", "num_key_value_heads": 3"#)) }
        #expect(throws: LlamaConfigError.self) {
            try decode(
                #"{"vocab_size": 10, "hidden_size": 9, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2}"#
            )
        }
        #expect(throws: (any Error).self) { try decode(#"{"hidden_size": 8}"#) }
    }
}

extension LlamaConfigTests {
    /// transformers 5 writes `rope_parameters` instead of `rope_theta` and `dtype` instead of `torch_dtype`.
    @Test func decodesTransformers5Config() throws {
        let config = try decode(
            """
            {"attention_bias": false, "attention_dropout": 0.0, "bos_token_id": 1, "dtype": "bfloat16",
             "eos_token_id": 2, "head_dim": 128, "hidden_act": "silu", "hidden_size": 4096,
             "intermediate_size": 11008, "max_position_embeddings": 2048, "mlp_bias": false, "model_type": "llama",
             "num_attention_heads": 32, "num_hidden_layers": 32, "num_key_value_heads": 32, "pad_token_id": null,
             "pretraining_tp": 1, "rms_norm_eps": 1e-06, "rope_parameters": {"rope_theta": 250000.0,
             "rope_type": "default"}, "tie_word_embeddings": false, "use_cache": true, "vocab_size": 32000}
            """)
        #expect(config.ropeTheta == 250_000)
        #expect(config.rmsNormEps == 1e-6)
        #expect(config.numKeyValueHeads == 32)
        #expect(config.eosTokenIds == [2])
    }
}
