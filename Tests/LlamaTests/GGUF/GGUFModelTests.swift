import Foundation
import Llama
import Testing

/// A Llama model from the GGUF fixture: config, weights under Hugging Face names (q/k un-permuted as transformers
/// does), logits against transformers loading the same GGUF, `tao model convert`'s directory and `LoadedPolicy`.
@Suite("GGUF Llama model vs transformers")
struct GGUFModelTests {
    static let config: LlamaConfig = {
        var config = LlamaConfig(
            vocabSize: 300, hiddenSize: 64, intermediateSize: 128, numHiddenLayers: 2, numAttentionHeads: 4,
            numKeyValueHeads: 2, maxPositionEmbeddings: 128, rmsNormEps: 1e-5, ropeTheta: 10_000,
            tieWordEmbeddings: true, bosTokenId: 1, eosTokenId: 2)
        config.rmsNormEps = Float(Float(1e-5))
        return config
    }()

    @Test func theConfigComesFromTheLlamaKeys() throws {
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        #expect(gguf.config == Self.config)
    }

    @Test func weightsHaveHuggingFaceNamesAndQKRowsAsTransformersLoadsThem() throws {
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        let reference = try GGUFFixture.expectedTensors()
        #expect(Set(gguf.weights.tensorNames) == Set(HFLlamaTensorNames.expectedShapes(for: gguf.config).map(\.name)))
        #expect(!gguf.weights.contains(HFLlamaTensorNames.lmHead), "tied: no output.weight, no lm_head")
        for layer in 0..<2 {
            for name in [HFLlamaTensorNames.layer(layer).qProj, HFLlamaTensorNames.layer(layer).kProj] {
                let ours = try gguf.weights.floats(name)
                let theirs = try reference.floats("hf/" + name)
                #expect(ours == theirs, "\(name) differs from transformers'")
                #expect(
                    ours
                        != (try gguf.file.floats(
                            name == HFLlamaTensorNames.layer(layer).qProj
                                ? "blk.\(layer).attn_q.weight" : "blk.\(layer).attn_k.weight")),
                    "\(name) was not permuted")
            }
        }
        let embed = try gguf.weights.floats(HFLlamaTensorNames.embedTokens)
        #expect(embed == (try reference.floats("gguf/token_embd.weight")))
        #expect(try gguf.weights.info(HFLlamaTensorNames.layer(0).downProj).shape == [64, 128])
    }

    @Test func logitsMatchTransformersOnTheSameGGUF() throws {
        let model = try LlamaModel(gguf: GGUFModel(contentsOf: GGUFFixture.url))
        let tokens = try #require(try GGUFFixture.expected()["logits_tokens"] as? [Int])
        let logits = model.forward(tokens: tokens.map(Int32.init), B: 1, T: tokens.count)
        let expected = try GGUFFixture.expectedTensors().floats("logits")
        #expect(logits.count == expected.count)
        let worst = zip(logits, expected).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < 1e-4, "logits differ from transformers' by \(worst)")
    }

    @Test func convertWritesADirectoryThatLoadsToTheSameModel() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gguf-convert-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        try gguf.convert(to: directory)
        let loaded = try HFModelDirectory(url: directory)
        #expect(loaded.config == Self.config)
        let fromDirectory = try LlamaModel(directory: loaded)
        let fromGGUF = try LlamaModel(gguf: gguf)
        #expect(Array(fromDirectory.parameters.arena.buffer) == Array(fromGGUF.parameters.arena.buffer))
        #expect(loaded.tokenizerJSON == gguf.tokenizerFiles.tokenizerJSON)
        let configData = try Data(contentsOf: directory.appendingPathComponent("tokenizer_config.json"))
        let config = try #require(try JSONSerialization.jsonObject(with: configData) as? [String: Any])
        #expect(config["chat_template"] == nil, "transformers 5 keeps the template in chat_template.jinja")
        #expect(config["bos_token"] as? String == "<|im_start|>" && config["add_bos_token"] as? Bool == true)
        let template = try String(contentsOf: directory.appendingPathComponent("chat_template.jinja"), encoding: .utf8)
        #expect(template == gguf.tokenizerFiles.chatTemplate && template.hasPrefix("{% for message in messages %}"))
        #expect(loaded.tokenizerConfig.chatTemplate == template && loaded.tokenizerConfig.bosToken == "<|im_start|>")
    }

    @Test func loadedPolicyTakesAGGUFFileOrRefusesAPathThatIsNeither() throws {
        let policy = try LoadedPolicy(path: GGUFFixture.url, version: 3)
        #expect(policy.version == 3 && policy.model.config == Self.config)
        #expect(policy.tokenizer.bosTokenId == 1 && policy.tokenizer.eosTokenIds == [2])
        #expect(policy.tokenizer.encode("hello world") == [262, 111, 111, 114, 286])
        #expect(policy.tokenizerConfig.chatTemplate?.contains("<|im_start|>") == true)
        #expect(try LoadedPolicy(directory: GGUFFixture.url).model.config == Self.config, "init(directory:) forwards")

        let other = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-model-\(UUID()).bin")
        defer { try? FileManager.default.removeItem(at: other) }
        try Data("hello".utf8).write(to: other)
        let error = #expect(throws: LlamaConfigError.self) { try LoadedPolicy(path: other) }
        #expect(error?.description.contains("is not a directory, nor a GGUF file") == true)
        // A file named .gguf that is not one: the GGUF reader's error.
        let fake = FileManager.default.temporaryDirectory.appendingPathComponent("fake-\(UUID()).gguf")
        defer { try? FileManager.default.removeItem(at: fake) }
        try Data("hello".utf8).write(to: fake)
        #expect(throws: GGUFError(file: fake.path, problem: .badMagic(found: Array("hell".utf8)))) {
            try LoadedPolicy(path: fake)
        }
    }

    /// The error for the fixture with `edit` applied to its metadata.
    static func problem(_ edit: [String: GGUFValue?]) throws -> (subject: String?, problem: GGUFError.Problem)? {
        let file = try GGUFFile(bytes: GGUFFixture.edited(edit), name: "edited.gguf")
        do {
            _ = try GGUFModel(file: file)
            return nil
        } catch let error as GGUFError {
            return (error.subject, error.problem)
        }
    }

    @Test func whatTheEngineCannotRunIsRefusedByName() throws {
        #expect(try Self.problem([:]) == nil, "the re-serialized fixture loads")
        func refused(_ edit: [String: GGUFValue?], _ subject: String) throws {
            let result = try Self.problem(edit)
            #expect(result?.subject == subject, "\(edit): \(String(describing: result))")
            if case .unsupported = result?.problem {
            } else if case .missingKey = result?.problem {
            } else {
                Issue.record("\(edit): \(String(describing: result))")
            }
        }
        try refused(["general.architecture": .string("qwen2")], "general.architecture")
        try refused(["llama.block_count": nil], "llama.block_count")
        try refused(["llama.attention.layer_norm_rms_epsilon": nil], "llama.attention.layer_norm_rms_epsilon")
        try refused(
            ["llama.rope.scaling.type": .string("yarn"), "llama.rope.scaling.factor": .float32(4)],
            "llama.rope.scaling.type")
        try refused(["llama.logit_scale": .float32(0.5)], "llama.logit_scale")
        try refused(["llama.rope.dimension_count": .uint32(8)], "llama.rope.dimension_count")
        try refused(["llama.expert_count": .uint32(8)], "llama.expert_count")
        try refused(["tokenizer.ggml.model": .string("llama")], "tokenizer.ggml.model")
        try refused(["tokenizer.ggml.pre": .string("qwen2")], "tokenizer.ggml.pre")
        try refused(["tokenizer.ggml.model": nil], "tokenizer.ggml.model")
        let message = GGUFError(
            file: "m.gguf", subject: "llama.logit_scale",
            problem: .unsupported(what: "metadata key", value: "'llama.logit_scale'", hint: "…")
        ).description
        #expect(
            message.contains("m.gguf") && message.contains("llama.logit_scale") && message.contains("not supported"))
    }

    @Test func vocabSizeFallsBackToTheTokenList() throws {
        let file = try GGUFFile(bytes: GGUFFixture.edited(["llama.vocab_size": nil]), name: "edited.gguf")
        #expect(try GGUFModel(file: file).config.vocabSize == 300)
    }
}
