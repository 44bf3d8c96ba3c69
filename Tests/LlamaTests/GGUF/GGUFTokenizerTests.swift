import Foundation
import Llama
import Testing

/// The tokenizer built from the fixture's tokenizer.ggml.* metadata against transformers loading the same GGUF.
@Suite("GGUF tokenizer vs transformers")
struct GGUFTokenizerTests {
    struct Case {
        var text: String
        var ids: [Int]
        var withSpecialTokens: [Int]
    }

    static func cases() throws -> [Case] {
        let list = try #require(try GGUFFixture.expected()["tokens"] as? [[String: Any]])
        return try list.map { entry in
            Case(
                text: try #require(entry["text"] as? String), ids: try #require(entry["ids"] as? [Int]),
                withSpecialTokens: try #require(entry["ids_with_special_tokens"] as? [Int]))
        }
    }

    static func json(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func encodesEveryStringAsTransformersDoes() throws {
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        let tokenizer = try gguf.tokenizer()
        #expect(tokenizer.vocabSize == 300)
        for c in try Self.cases() {
            #expect(tokenizer.encode(c.text) == c.ids, "\(c.text.debugDescription)")
            #expect(tokenizer.decode(c.ids, skipSpecialTokens: false) == c.text, "\(c.text.debugDescription)")
        }
    }

    /// The post-processor, applied as Hugging Face's TemplateProcessing applies it, gives transformers' ids with
    /// special tokens (the fixture says add_bos_token true, add_eos_token false).
    @Test func thePostProcessorAddsBOSAsTheFileSays() throws {
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        let tokenizer = try gguf.tokenizer()
        let post = try #require(try Self.json(gguf.tokenizerFiles.tokenizerJSON)["post_processor"] as? [String: Any])
        #expect(post["type"] as? String == "TemplateProcessing")
        let single = try #require(post["single"] as? [[String: Any]])
        let specials = try #require(post["special_tokens"] as? [String: [String: Any]])
        for c in try Self.cases() {
            var ids: [Int] = []
            for piece in single {
                if let special = piece["SpecialToken"] as? [String: Any], let id = special["id"] as? String {
                    ids += try #require(specials[id]?["ids"] as? [Int])
                } else {
                    ids += tokenizer.encode(c.text)
                }
            }
            #expect(ids == c.withSpecialTokens, "\(c.text.debugDescription)")
        }
    }

    @Test func addedTokensFollowTheTokenTypes() throws {
        let gguf = try GGUFModel(contentsOf: GGUFFixture.url)
        let added = try #require(try Self.json(gguf.tokenizerFiles.tokenizerJSON)["added_tokens"] as? [[String: Any]])
        let byContent = Dictionary(uniqueKeysWithValues: added.map { ($0["content"] as? String ?? "", $0) })
        #expect(byContent["<|im_start|>"]?["special"] as? Bool == true, "control → special")
        #expect(byContent["<think>"]?["special"] as? Bool == false, "user-defined → plain added token")
        #expect(byContent["<|tool call|>"] == nil, "a control token outside the byte alphabet is not added")
        #expect(added.count == 5)
        let tokenizer = try gguf.tokenizer()
        #expect(tokenizer.tokenId(for: "<|tool call|>") == nil && tokenizer.tokenId(for: "<|toolĠcall|>") == 298)
        #expect(tokenizer.decode([298], skipSpecialTokens: false) == "<|tool call|>")
    }

    @Test func tokenizerConfigCarriesSpecialTokensFlagsAndTheChatTemplate() throws {
        let files = try GGUFModel(contentsOf: GGUFFixture.url).tokenizerFiles
        let config = try Self.json(files.tokenizerConfigJSON())
        #expect(config["bos_token"] as? String == "<|im_start|>")
        #expect(config["eos_token"] as? String == "<|im_end|>")
        #expect(config["pad_token"] as? String == "<|pad|>")
        #expect(config["unk_token"] as? String == "<|endoftext|>")
        #expect(config["add_bos_token"] as? Bool == true && config["add_eos_token"] as? Bool == false)
        let metadata = try GGUFFile(contentsOf: GGUFFixture.url).metadata
        #expect(config["chat_template"] as? String == metadata["tokenizer.chat_template"]?.string)
        #expect(try Self.json(files.tokenizerConfigJSON(includingChatTemplate: false))["chat_template"] == nil)
    }

    @Test func preTokenizerAndBOSDefaultFollowTokenizerGGMLPre() throws {
        func files(_ edit: [String: GGUFValue?]) throws -> GGUFTokenizerFiles {
            try GGUFTokenizerFiles(gguf: GGUFFile(bytes: GGUFFixture.edited(edit), name: "edited.gguf"))
        }
        let llama3 = try files(["tokenizer.ggml.pre": .string("llama-bpe"), "tokenizer.ggml.add_bos_token": nil])
        #expect(llama3.addsBOS, "llama.cpp adds BOS for the Llama-3 pre-tokenizer when the file does not say")
        let model = try #require(try Self.json(llama3.tokenizerJSON)["model"] as? [String: Any])
        #expect(model["ignore_merges"] as? Bool == true)
        let pre = try #require(try Self.json(llama3.tokenizerJSON)["pre_tokenizer"] as? [String: Any])
        let steps = try #require(pre["pretokenizers"] as? [[String: Any]])
        #expect(
            steps.map { $0["type"] as? String } == ["Split", "ByteLevel"] && steps[1]["use_regex"] as? Bool == false)

        let gpt2 = try files(["tokenizer.ggml.pre": .string("gpt2"), "tokenizer.ggml.add_bos_token": nil])
        #expect(!gpt2.addsBOS, "llama.cpp adds no BOS for a gpt2 vocabulary by default")
        #expect(
            (try Self.json(gpt2.tokenizerJSON)["pre_tokenizer"] as? [String: Any])?["type"] as? String == "ByteLevel")
        let post = try #require(try Self.json(gpt2.tokenizerJSON)["post_processor"] as? [String: Any])
        #expect((post["single"] as? [Any])?.count == 1, "no BOS, no EOS: the sequence alone")
        // Llama-3's split keeps at most three digits together; gpt2's keeps them all: both still load and encode.
        #expect(
            try BPETokenizer(json: llama3.tokenizerJSON).encode("hello")
                == (try BPETokenizer(json: gpt2.tokenizerJSON).encode("hello")))
    }
}
