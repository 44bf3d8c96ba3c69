import Foundation
import Llama
import Testing

@Suite("Hugging Face model directory")
struct HFModelDirectoryTests {
    static let config = LlamaConfig(
        vocabSize: 259, hiddenSize: 8, intermediateSize: 12, numHiddenLayers: 2, numAttentionHeads: 2,
        numKeyValueHeads: 1, maxPositionEmbeddings: 64, bosTokenId: 256, eosTokenId: 257)

    /// Weights with every expected tensor, each filled with values derived from its position in the list.
    static func weights(for config: LlamaConfig, skipping: String? = nil, reshaping: String? = nil) throws
        -> SafeTensorsWriter
    {
        var writer = SafeTensorsWriter()
        for (k, (name, shape)) in HFLlamaTensorNames.expectedShapes(for: config).enumerated() where name != skipping {
            let count = shape.reduce(1, *)
            let values = (0..<count).map { Float(k) + Float($0) / Float(count) }
            try writer.add(name, shape: name == reshaping ? [count] : shape, floats: values)
        }
        return writer
    }

    @Test func writesAndReadsBack() throws {
        let root = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(root) }
        let dir = root.appendingPathComponent("model")
        try HFModelDirectory.write(
            to: dir, config: Self.config, weights: Self.weights(for: Self.config),
            tokenizerJSON: ByteTokenizer().tokenizerJSON())
        let model = try HFModelDirectory(url: dir)
        #expect(model.config == Self.config)
        let expected = HFLlamaTensorNames.expectedShapes(for: Self.config)
        #expect(model.weights.tensorNames == expected.map(\.name).sorted())
        #expect(expected.count == 1 + 2 * 9 + 1 + 1)
        let q1 = HFLlamaTensorNames.layer(1).qProj
        #expect(try model.weights.info(q1).shape == [8, 8])
        #expect(try model.weights.info(HFLlamaTensorNames.layer(1).kProj).shape == [4, 8])
        let k = try #require(expected.firstIndex { $0.name == q1 })
        #expect(try model.weights.floats(q1)[32] == Float(k) + 0.5)

        let tokenizer = try model.tokenizer()
        let text = "Hello, naïve 世界 <|eos|>"
        #expect(tokenizer.encode(text) == ByteTokenizer().encode(text))
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
        #expect(tokenizer.bosTokenId == 256)
        #expect(tokenizer.eosTokenIds == [257])
        #expect(tokenizer.vocabSize == 259)
    }

    @Test func tiedEmbeddingsNeedNoLMHead() throws {
        var config = Self.config
        config.tieWordEmbeddings = true
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        try HFModelDirectory.write(
            to: dir, config: config, weights: Self.weights(for: config), tokenizerJSON: ByteTokenizer().tokenizerJSON())
        let model = try HFModelDirectory(url: dir)
        #expect(!model.weights.contains(HFLlamaTensorNames.lmHead))
    }

    @Test func missingOrMisshapedWeightsAreNamed() throws {
        let down = HFLlamaTensorNames.layer(1).downProj
        for (skipping, reshaping) in [(down, nil), (nil, down)] as [(String?, String?)] {
            let dir = try FormatsFixtures.scratchDirectory()
            defer { FormatsFixtures.remove(dir) }
            try HFModelDirectory.write(
                to: dir, config: Self.config,
                weights: Self.weights(for: Self.config, skipping: skipping, reshaping: reshaping),
                tokenizerJSON: ByteTokenizer().tokenizerJSON())
            let error = #expect(throws: SafeTensorsError.self) { try HFModelDirectory(url: dir) }
            #expect(error?.tensor == down)
        }
    }

    @Test func byteTokenizerJSONMatchesByteTokenizer() throws {
        let bpe = try BPETokenizer(json: ByteTokenizer().tokenizerJSON())
        for text in ["", "plain ascii", "  spaces\n\ttabs", "ünïcödé 😀", "<|bos|>x<|pad|>"] {
            #expect(bpe.encode(text) == ByteTokenizer().encode(text))
        }
        #expect(bpe.bosTokenId == 256)
        #expect(bpe.padTokenId == 258)
    }
}

@Suite("In-memory tensor store")
struct InMemoryTensorStoreTests {
    @Test func validatesLikeACheckpoint() throws {
        var store = InMemoryTensorStore()
        for (name, shape) in HFLlamaTensorNames.expectedShapes(for: HFModelDirectoryTests.config) {
            store.set(name, shape: shape, values: [Float](repeating: 0.5, count: shape.reduce(1, *)))
        }
        try HFLlamaTensorNames.validate(store, against: HFModelDirectoryTests.config, file: "(memory)")
        #expect(try store.floats(HFLlamaTensorNames.finalNorm) == [Float](repeating: 0.5, count: 8))
        store.set(HFLlamaTensorNames.finalNorm, shape: [4], values: [1, 2, 3, 4])
        let error = #expect(throws: SafeTensorsError.self) {
            try HFLlamaTensorNames.validate(store, against: HFModelDirectoryTests.config, file: "(memory)")
        }
        #expect(error?.tensor == HFLlamaTensorNames.finalNorm)
    }
}

extension HFModelDirectoryTests {
    @Test func writesShardsAndSwitchesLayoutCleanly() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let weights = try Self.weights(for: Self.config)
        let tokenizer = try ByteTokenizer().tokenizerJSON()
        try HFModelDirectory.write(
            to: dir, config: Self.config, weights: weights, tokenizerJSON: tokenizer, maxShardBytes: 5_000)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        let shards = files.filter { $0.hasPrefix("model-") }
        #expect(shards.count > 1)
        #expect(shards.first == "model-00001-of-0000\(shards.count).safetensors")
        #expect(files.contains(SafeTensorsCheckpoint.indexFileName))
        #expect(!files.contains(SafeTensorsCheckpoint.singleFileName))
        let sharded = try HFModelDirectory(url: dir)
        #expect(sharded.weights.files.count == shards.count)
        for file in sharded.weights.files {
            let bytes = try file.tensorNames.map { try file.info($0).dataRange.count }
            #expect(bytes.count == 1 || bytes.reduce(0, +) <= 5_000, "\(file.url.lastPathComponent)")
        }
        #expect(sharded.weights.tensorNames.count == HFLlamaTensorNames.expectedShapes(for: Self.config).count)
        let name = HFLlamaTensorNames.layer(1).upProj
        let expected = try HFModelDirectory(url: dir).weights.floats(name)

        // Re-writing as one file removes the shards and the index.
        try HFModelDirectory.write(to: dir, config: Self.config, weights: weights, tokenizerJSON: tokenizer)
        let after = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(after == ["config.json", "model.safetensors", "tokenizer.json"])
        #expect(try HFModelDirectory(url: dir).weights.floats(name) == expected)
    }
}

extension HFModelDirectoryTests {
    @Test func unreadableConfigNamesTheProblem() throws {
        let dir = try FormatsFixtures.scratchDirectory()
        defer { FormatsFixtures.remove(dir) }
        let config = dir.appendingPathComponent(HFModelDirectory.configFileName)
        try Data(#"{"vocab_size": 10, "hidden_size": 8}"#.utf8).write(to: config)
        let missing = #expect(throws: LlamaConfigError.self) { try HFModelDirectory(url: dir) }
        #expect(missing == .invalid(field: "num_attention_heads", reason: "missing from \(config.path)"))
        try Data(#"{"model_type": "qwen2"}"#.utf8).write(to: config)
        let unsupported = #expect(throws: LlamaConfigError.self) { try HFModelDirectory(url: dir) }
        #expect(unsupported?.description.contains("qwen2") == true)
        #expect(throws: TokenizerError.self) { try BPETokenizer(contentsOf: dir.appendingPathComponent("none.json")) }
    }
}
