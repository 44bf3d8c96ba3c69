import ChatTemplates
import Foundation
import Llama
import ModelCatalog
import TestSupport
import Testing

/// SmolLM2-135M-Instruct from the GGUF file `tao model fetch` caches, against transformers + PyTorch loading the same
/// file (Fixtures/smollm2-reference.json, written by scripts/fixtures/make_smollm2_reference.py).
@Suite(.serialized) struct SmolLM2Tests {
    struct Conversation: Decodable {
        let messages: [ChatMessage]
        let text: String
        let ids: [Int]
        let greedy: [Int]
        let greedy_logprobs: [Double]
        let greedy_text: String
        let top_ids: [Int]
        let top_logits: [Double]
        let logsumexp: Double
    }
    struct Text: Decodable {
        let text: String
        let ids: [Int]
        let logprobs: [Double]
    }
    struct Reference: Decodable {
        let eos_token_id: Int
        let conversations: [Conversation]
        let texts: [Text]
    }

    static let reference: Reference = {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/smollm2-reference.json")
        return try! JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }()

    /// Loaded once for the suite: 135M parameters take a few seconds to dequantize.
    nonisolated(unsafe) static var loaded: LoadedPolicy?

    static func policy() throws -> LoadedPolicy {
        if let loaded { return loaded }
        let file = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        let policy = try LoadedPolicy(path: file)
        loaded = policy
        return policy
    }

    @Test func chatPromptsRenderAndTokenizeAsTransformersDoes() throws {
        let policy = try Self.policy()
        let format = try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer)
        for conversation in Self.reference.conversations {
            #expect(try format.render(conversation.messages) == conversation.text)
            #expect(try format.promptTokens(conversation.messages, tokenizer: policy.tokenizer) == conversation.ids)
        }
        #expect(format.endOfTurnTokenIds(tokenizer: policy.tokenizer) == [Self.reference.eos_token_id])
    }

    @Test func nextTokenLogitsMatchTransformers() throws {
        let policy = try Self.policy()
        let V = policy.model.config.vocabSize
        for conversation in Self.reference.conversations {
            let T = conversation.ids.count
            let logits = policy.model.forward(tokens: conversation.ids.map(Int32.init), B: 1, T: T)
            let last = Array(logits[((T - 1) * V)..<(T * V)])
            let top = last.indices.sorted { last[$0] > last[$1] }.prefix(10)
            #expect(Array(top) == conversation.top_ids)
            for (id, expected) in zip(conversation.top_ids, conversation.top_logits) {
                #expect(abs(Double(last[id]) - expected) < 2e-3, "logit of \(id): \(last[id]) vs \(expected)")
            }
            let peak = Double(last.max()!)
            let logsumexp = peak + log(last.reduce(0) { $0 + exp(Double($1) - peak) })
            #expect(abs(logsumexp - conversation.logsumexp) < 2e-3)
        }
    }

    @Test func greedyRepliesMatchTransformers() throws {
        let policy = try Self.policy()
        let generator = CompletionGenerator(model: policy.model, tokenizer: policy.tokenizer)
        for conversation in Self.reference.conversations {
            let reply = try generator.generate(
                prompt: conversation.ids, count: 1, parameters: SamplingParameters(temperature: 0, maxNewTokens: 24))[0]
            // transformers ran past the end of the turn; ours stops there, so compare through the first EOS.
            let end = conversation.greedy.firstIndex(of: Self.reference.eos_token_id).map { $0 + 1 }
                ?? conversation.greedy.count
            #expect(reply.tokens == Array(conversation.greedy.prefix(end)))
            for (ours, theirs) in zip(reply.logProbs, conversation.greedy_logprobs) {
                #expect(abs(Double(ours) - theirs) < 2e-3)
            }
        }
    }

    @Test func textsEncodeAndScoreAsTransformersDoes() throws {
        let policy = try Self.policy()
        for text in Self.reference.texts {
            // SmolLM2's rules add no BOS: tokenizer(text) is the text's ids alone.
            #expect(policy.tokenizer.encode(text.text, addingSpecialTokens: true) == text.ids)
            let tokens = text.ids.map(Int32.init)
            let targets = (0..<tokens.count).map { $0 + 1 < tokens.count ? tokens[$0 + 1] : -1 }
            let losses = policy.model.tokenLosses(tokens: tokens, targets: targets, B: 1, T: tokens.count)
            for (position, expected) in text.logprobs.enumerated() {
                #expect(abs(Double(-losses[position]) - expected) < 2e-3, "position \(position) of \(text.text)")
            }
        }
    }
}
