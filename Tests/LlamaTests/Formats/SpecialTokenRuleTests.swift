import Foundation
import Llama
import Testing

/// The special tokens a text gets, against transformers' `AutoTokenizer.from_pretrained(folder)(text)` on tokenizers
/// whose rules differ (written by scripts/fixtures/make_special_tokens_fixture.py).
@Suite struct SpecialTokenRuleTests {
    struct Case: Decodable {
        let text: String
        let ids: [Int]
    }
    struct Entry: Decodable {
        let cases: [Case]
    }

    static let directory = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/special-tokens")
    static let reference: [String: Entry] = {
        let data = try! Data(contentsOf: directory.appendingPathComponent("reference.json"))
        return try! JSONDecoder().decode([String: Entry].self, from: data)
    }()

    static func tokenizer(_ folder: String) throws -> BPETokenizer {
        try BPETokenizer(contentsOf: directory.appendingPathComponent(folder).appendingPathComponent("tokenizer.json"))
    }

    @Test(arguments: ["adds-bos", "adds-none", "adds-bos-eos", "roberta", "flags-ignored", "flags-ignored-bos"])
    func encodesAsTransformersDoes(folder: String) throws {
        let entry = try #require(Self.reference[folder], "reference.json has no \(folder)")
        let tokenizer = try Self.tokenizer(folder)
        for item in entry.cases {
            #expect(tokenizer.encode(item.text, addingSpecialTokens: true) == item.ids, "\(folder): \(item.text)")
        }
    }

    @Test func theThreeKindsOfRule() throws {
        #expect(try Self.tokenizer("adds-bos").specialTokenRule == SpecialTokenRule(prefix: [560]))
        #expect(try Self.tokenizer("adds-none").specialTokenRule == .none)
        #expect(try Self.tokenizer("adds-bos-eos").specialTokenRule == SpecialTokenRule(prefix: [0], suffix: [1]))
    }

    @Test func tokenizerConfigFlagsDoNotChangeATokenizerJSON() throws {
        // transformers 5 drops add_bos_token/add_eos_token when the directory has a tokenizer.json.
        let config = try TokenizerConfig(directory: Self.directory.appendingPathComponent("flags-ignored"))
        #expect(config.bosToken == "<|bos|>")
        #expect(try Self.tokenizer("flags-ignored").specialTokenRule == .none)
        #expect(try Self.tokenizer("flags-ignored-bos").specialTokenRule == SpecialTokenRule(prefix: [0]))
    }

    @Test func bosOverrideAddsOrRemovesOnlyBOS() throws {
        let tokenizer = try Self.tokenizer("adds-bos-eos")
        let plain = tokenizer.encode("hello world")
        #expect(tokenizer.encode("hello world", bos: nil) == [0] + plain + [1])
        #expect(tokenizer.encode("hello world", bos: false) == plain + [1])
        #expect(tokenizer.encode("hello world", bos: true) == [0] + plain + [1])
        let none = try Self.tokenizer("adds-none")
        #expect(none.encode("hello world", bos: true) == [0] + none.encode("hello world"))
        #expect(none.encode("hello world", bos: nil) == none.encode("hello world"))
    }

    @Test func sequencesComposeAndUnknownProcessorsAreNamed() throws {
        let template: [String: Any] = [
            "type": "TemplateProcessing",
            "single": [["SpecialToken": ["id": "<s>", "type_id": 0]], ["Sequence": ["id": "A", "type_id": 0]]],
            "special_tokens": ["<s>": ["id": "<s>", "ids": [7], "tokens": ["<s>"]]],
        ]
        let sequence: [String: Any] = ["type": "Sequence", "processors": [["type": "ByteLevel"], template]]
        #expect(try SpecialTokenRule(postProcessor: sequence) { _ in nil } == SpecialTokenRule(prefix: [7]))
        #expect(throws: TokenizerError.self) {
            try SpecialTokenRule(postProcessor: ["type": "Wordpiece"]) { _ in nil }
        }
        let unknownToken: [String: Any] = [
            "type": "TemplateProcessing",
            "single": [["Sequence": ["id": "A", "type_id": 0]], ["SpecialToken": ["id": "</x>", "type_id": 0]]],
        ]
        #expect(try SpecialTokenRule(postProcessor: unknownToken) { $0 == "</x>" ? 9 : nil }
            == SpecialTokenRule(suffix: [9]))
        #expect(throws: TokenizerError.self) { try SpecialTokenRule(postProcessor: unknownToken) { _ in nil } }
    }

    @Test func theByteTokenizerPutsBOSFirstAndItsJSONSaysSo() throws {
        let bytes = ByteTokenizer()
        let loaded = try BPETokenizer(json: try bytes.tokenizerJSON())
        #expect(loaded.specialTokenRule == bytes.specialTokenRule)
        #expect(loaded.encode("1+2=", addingSpecialTokens: true) == [256] + bytes.encode("1+2="))
    }
}
