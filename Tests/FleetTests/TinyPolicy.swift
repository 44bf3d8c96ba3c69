import Fleet
import Llama
import Scoring
import Tasks

/// A tiny random base policy over bytes, for fleet tests that need a real model but no checkpoint.
enum TinyPolicy {
    static let config = LlamaConfig(
        vocabSize: 259, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 2, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)

    /// Weights drawn wider than Hugging Face's 0.02 so the frozen head's logits span a useful range: with 0.02 a
    /// random model's output distribution is nearly uniform, and a LoRA adapter (which cannot touch the head or the
    /// final norm) has too little room to move it.
    static func base(seed: UInt64 = 1) throws -> LoadedPolicy {
        let tokenizer = ByteTokenizer()
        let model = LlamaModel(config: config)
        model.parameters.randomize(seed: seed, std: 0.15)
        return LoadedPolicy(
            version: 0, model: model, tokenizer: tokenizer, tokenizerJSON: [UInt8](try tokenizer.tokenizerJSON()))
    }

    /// A registry with a toy reward a random byte model can climb: the fraction of the completion's bytes that are
    /// ASCII letters. Dense, so every group has something to learn from.
    static var toyRegistry: ScorerRegistry {
        var registry = ScorerRegistry.standard
        registry.register("letters") { _ in LettersScorer() }
        return registry
    }

    struct LettersScorer: Scorer {
        let name = "letters"
        func score(prompt: TaskPrompt, completions: [String]) async throws -> [Score] {
            completions.map { text in
                let bytes = Array(text.utf8)
                let letters = bytes.filter { (65...90).contains($0) || (97...122).contains($0) }.count
                return Score(total: bytes.isEmpty ? 0 : Double(letters) / Double(bytes.count))
            }
        }
    }
}
