import Fleet
import Messages
import Tensors

/// Valid records of every kind the fuzz targets read: the seeds libFuzzer mutates.
enum Seeds {
    static let prompt = PromptMessage(id: "q-7", task: "arithmetic", text: "12+345*6=", metadata: ["source": "prod"])
    static let chatPrompt = PromptMessage(
        id: "c-1", task: "docqa", text: "",
        messages: [.init(role: "system", content: "Be brief."), .init(role: "user", content: "Cash?")])
    static var candidates: CandidatesMessage {
        CandidatesMessage(
            prompt: prompt, policyVersion: 3, promptTokens: [49, 50, 43],
            samples: [
                .init(index: 0, tokens: [50, 48, 10], rolloutLogProbs: [-0.1, -2.5, -0.01], text: "2082\n", finishReason: "stop"),
                .init(index: 1, tokens: [55], rolloutLogProbs: [-7.25], text: "7", finishReason: "length"),
            ])
    }
    static var rollout: RolloutMessage {
        RolloutMessage(
            candidates: candidates, scores: [.init(total: 1, components: ["verifier": 1]), .init(total: 0.25)],
            scorer: "verifier")
    }

    static func gradients() throws -> [UInt8] {
        let arena = TensorArena(layout: FuzzTarget.gradientLayout)
        for i in 0..<arena.count { arena.base[i] = Float(i % 13) * 1e-3 }
        return try GradientCodec.encode(arena, update: "u")
    }

    static func update() throws -> UpdateMessage {
        let rollouts = ["q-7@v3"]
        return UpdateMessage(
            id: DeterministicID.update(baseVersion: 3, rolloutIDs: rollouts), baseVersion: 3, kind: .fullGradients,
            payload: .inline(try gradients()), rolloutIDs: rollouts, stats: ["loss": 0.5], baseEpoch: 2)
    }

    static func announcement() throws -> PolicyAnnouncement {
        let hash = String(repeating: "a", count: 64)
        let config = #"{"architectures":["LlamaForCausalLM"],"model_type":"llama","vocab_size":259,"hidden_size":16,"intermediate_size":32,"num_hidden_layers":2,"num_attention_heads":2,"num_key_value_heads":1,"max_position_embeddings":64,"bos_token_id":256,"eos_token_id":257,"rms_norm_eps":1e-5,"rope_theta":10000.0,"tie_word_embeddings":false}"#
        return PolicyAnnouncement(
            version: 4, checksum: hash, size: 1024, weights: .blob(sha256: hash, size: 1024), format: "safetensors",
            appliedUpdates: 2, config: config, tokenizer: .inline([1]), epoch: 1)
    }

    static func records() throws -> [[UInt8]] {
        [
            try WireCodec.encode(DeadLetterMessage(
                stage: "scorer", sourceTopic: "run.candidates", partition: 2, offset: 17, reason: "bad", original: [1, 2],
                originalSHA256: String(repeating: "b", count: 64))),
            try WireCodec.encode(PromotionRecord(version: 3, decision: .promoted, by: "gate", previous: 1, reason: "better", at: 1_700_000_000)),
            try WireCodec.encode(NightRecord(
                night: 2, status: .finished, attempt: 1, window: [.init(partition: 0, from: 0, to: 10)], startedAt: 1_700_000_000)),
        ]
    }
}
