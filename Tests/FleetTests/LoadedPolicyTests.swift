import Fleet
import Foundation
import Llama
import Testing

/// `LoadedPolicy(directory:)`, the one loader of a policy from disk, and its one tokenizer rule: tokenizer.json when
/// present, the byte tokenizer for a byte-level model without it, a clear error for any other model without it.
@Suite struct LoadedPolicyTests {
    static let byteLevel = LlamaConfig(
        vocabSize: 259, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2, numAttentionHeads: 2,
        numKeyValueHeads: 1, maxPositionEmbeddings: 32, bosTokenId: 256, eosTokenId: 257)

    /// The byte tokenizer's vocabulary plus one merged token, "ab" = 259: a BPE vocabulary of 260 ids, so a test can
    /// tell this file's tokenizer from the byte fallback.
    static func tokenizerJSONWithMerge() throws -> Data {
        var root = try #require(try JSONSerialization.jsonObject(with: ByteTokenizer().tokenizerJSON()) as? [String: Any])
        var model = try #require(root["model"] as? [String: Any])
        var vocab = try #require(model["vocab"] as? [String: Int])
        vocab["ab"] = 259
        model["vocab"] = vocab
        model["merges"] = [["a", "b"]]
        root["model"] = model
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }

    static func scratch() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("tao-loaded-policy-\(UUID())", isDirectory: true)
    }

    @Test func aDirectoryWithTokenizerJSONLoadsThatFile() throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.byteLevel
        config.vocabSize = 260
        let json = try Self.tokenizerJSONWithMerge()
        let saved = LlamaModel(config: config, seed: 3)
        try saved.save(to: directory, tokenizerJSON: json)

        let policy = try LoadedPolicy(directory: directory, version: 7)
        #expect(policy.version == 7)
        #expect(policy.model.config == config)
        #expect(Array(policy.model.parameters.arena.buffer) == Array(saved.parameters.arena.buffer))
        #expect(policy.tokenizer is BPETokenizer)
        #expect(policy.tokenizer.vocabSize == 260)
        #expect(policy.tokenizer.encode("abc") == [259, 99])
        #expect(policy.tokenizer.bosTokenId == 256 && policy.tokenizer.eosTokenIds == [257])
        #expect(policy.tokenizerJSON == [UInt8](json))
    }

    @Test func aByteLevelModelWithoutTokenizerJSONGetsTheByteTokenizer() throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let saved = LlamaModel(config: Self.byteLevel, seed: 4)
        try saved.save(to: directory, tokenizerJSON: try ByteTokenizer().tokenizerJSON())
        try FileManager.default.removeItem(at: directory.appendingPathComponent(HFModelDirectory.tokenizerFileName))

        let policy = try LoadedPolicy(directory: directory)
        #expect(policy.version == 0)
        #expect(policy.model.config == Self.byteLevel)
        #expect(Array(policy.model.parameters.arena.buffer) == Array(saved.parameters.arena.buffer))
        #expect(policy.tokenizer is ByteTokenizer)
        #expect(policy.tokenizer.encode("ab<|eos|>") == [97, 98, 257])
        // What new versions republish: the byte tokenizer as a tokenizer.json, which loads to the same encoding.
        #expect(policy.tokenizerJSON == [UInt8](try ByteTokenizer().tokenizerJSON()))
    }

    @Test func anyOtherModelWithoutTokenizerJSONIsRefusedWithWhatToDo() throws {
        let directory = Self.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        var config = Self.byteLevel
        config.vocabSize = 260
        try LlamaModel(config: config, seed: 5).save(to: directory, tokenizerJSON: try Self.tokenizerJSONWithMerge())
        try FileManager.default.removeItem(at: directory.appendingPathComponent(HFModelDirectory.tokenizerFileName))

        let error = #expect(throws: TokenizerError.self) { try LoadedPolicy(directory: directory) }
        #expect(error == .missingTokenizerFile(directory: directory.path, vocabSize: 260))
        let message = try #require(error).description
        #expect(message.contains("no tokenizer.json") && message.contains("vocab_size 260"))
        #expect(message.contains("copy the model's tokenizer.json into \(directory.path)"))
    }

    @Test func aPathThatIsNoDirectoryIsNamed() throws {
        let missing = Self.scratch()
        let error = #expect(throws: LlamaConfigError.self) { try LoadedPolicy(directory: missing) }
        #expect(try #require(error).description.contains("\(missing.path) is not a directory"))
    }
}
