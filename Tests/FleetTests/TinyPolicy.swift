import Fleet
import Llama
import Scoring
import Tasks

/// A tiny random base policy over bytes, for fleet tests that need a real model but no checkpoint.
enum TinyPolicy {
    static let config = LlamaConfig(
        vocabSize: 259, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 2, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)

    static func base(seed: UInt64 = 1) throws -> LoadedPolicy {
        let tokenizer = ByteTokenizer()
        return LoadedPolicy(
            version: 0, model: LlamaModel(config: config, seed: seed), tokenizer: tokenizer,
            tokenizerJSON: [UInt8](try tokenizer.tokenizerJSON()))
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
