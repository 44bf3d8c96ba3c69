import Foundation
import Llama

/// A random byte-level model that trains and scores in milliseconds.
enum TinyPolicies {
    static let config = LlamaConfig(
        vocabSize: 259, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 2, numAttentionHeads: 4,
        numKeyValueHeads: 2, maxPositionEmbeddings: 512, bosTokenId: 256, eosTokenId: 257)

    static func policy(seed: UInt64 = 3) -> LoadedPolicy {
        LoadedPolicy(
            version: 0, model: LlamaModel(config: config, seed: seed), tokenizer: ByteTokenizer(),
            tokenizerJSON: [UInt8](try! ByteTokenizer().tokenizerJSON()))
    }

    static func temporaryDirectory(_ name: String) -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tao-\(name)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
