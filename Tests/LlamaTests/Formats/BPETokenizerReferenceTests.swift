import Foundation
import Llama
import Testing

/// Our BPE against Hugging Face `tokenizers` on the fixtures of scripts/fixtures/make_tokenizer_fixture.py.
@Suite("BPE tokenizer vs Hugging Face reference")
struct BPETokenizerReferenceTests {
    struct Case: Decodable {
        var text: String
        var ids: [Int]
        var decoded: String
    }

    static let fixtures = ["gpt2-style.tokenizer.json", "llama3-style.tokenizer.json", "gpt2-options.tokenizer.json"]

    static func reference() throws -> [String: [Case]] {
        let url = FormatsFixtures.tokenizerDirectory.appendingPathComponent("reference.json")
        return try JSONDecoder().decode([String: [Case]].self, from: Data(contentsOf: url))
    }

    static func tokenizer(_ name: String) throws -> BPETokenizer {
        try BPETokenizer(contentsOf: FormatsFixtures.tokenizerDirectory.appendingPathComponent(name))
    }

    @Test(arguments: fixtures)
    func encodesLikeHuggingFace(fixture: String) throws {
        let tokenizer = try Self.tokenizer(fixture)
        let cases = try #require(try Self.reference()[fixture])
        #expect(cases.count >= 12)
        for c in cases {
            #expect(tokenizer.encode(c.text) == c.ids, "text: \(c.text.debugDescription)")
            #expect(tokenizer.decode(c.ids) == c.decoded, "text: \(c.text.debugDescription)")
            // Byte-level BPE is lossless, except where lstrip/rstrip added tokens swallow whitespace.
            if !fixture.contains("options") { #expect(tokenizer.decode(tokenizer.encode(c.text)) == c.text) }
        }
    }

    @Test func specialTokensAreFoundAndSkippable() throws {
        let tokenizer = try Self.tokenizer("llama3-style.tokenizer.json")
        let bos = try #require(tokenizer.bosTokenId)
        #expect(tokenizer.tokenId(for: "<|begin_of_text|>") == bos)
        #expect(tokenizer.eosTokenIds == [561, 562])
        #expect(tokenizer.vocabSize == 564)
        let ids = tokenizer.encode("<|begin_of_text|>hi<|eot_id|>")
        #expect(ids.first == bos)
        #expect(ids.last == 562)
        #expect(tokenizer.decode(ids, skipSpecialTokens: true) == "hi")
        #expect(tokenizer.encode("hi", bos: true) == [bos] + tokenizer.encode("hi"))
        // "<think>" is an added but not special token: kept even when skipping specials.
        #expect(tokenizer.decode(tokenizer.encode("<think>"), skipSpecialTokens: true) == "<think>")

        let gpt2 = try Self.tokenizer("gpt2-style.tokenizer.json")
        #expect(gpt2.bosTokenId == 0)
        #expect(gpt2.eosTokenIds == [1])
        #expect(gpt2.padTokenId == 2)
    }

    @Test func unknownIdsAreSkippedWhenDecoding() throws {
        let tokenizer = try Self.tokenizer("gpt2-style.tokenizer.json")
        let ids = tokenizer.encode("hello")
        #expect(tokenizer.decode([-1] + ids + [tokenizer.vocabSize, 1 << 40]) == "hello")
    }

    /// Long texts round-trip (their speed is a benchmark's business, not a test's).
    @Test func encodesLongText() throws {
        let tokenizer = try Self.tokenizer("llama3-style.tokenizer.json")
        let text = String(repeating: "The model learns a policy from 12345 prompts, naïvely! ", count: 2000)
        #expect(tokenizer.decode(tokenizer.encode(text)) == text)
    }
}

extension BPETokenizerReferenceTests {
    /// One enormous pre-token (the Llama-3 regex keeps a letter run whole) is merged, not left as bytes.
    @Test func encodesAHugeSinglePiece() throws {
        let tokenizer = try Self.tokenizer("llama3-style.tokenizer.json")
        let text = String(repeating: "theattention", count: 10_000)
        let ids = tokenizer.encode(text)
        #expect(tokenizer.decode(ids) == text)
        #expect(ids.count < text.utf8.count / 2)
    }
}

extension BPETokenizerReferenceTests {
    /// The tokenizer is shared across tasks (regexes and the piece cache): concurrent use must agree with serial use.
    @Test func concurrentEncodingMatchesReference() async throws {
        let tokenizer = try Self.tokenizer("llama3-style.tokenizer.json")
        let cases = try #require(try Self.reference()["llama3-style.tokenizer.json"])
        let texts = cases.map(\.text)
        let results = await withTaskGroup(of: [[Int]].self) { group in
            for _ in 0..<8 { group.addTask { texts.map { tokenizer.encode($0) } } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        for result in results { #expect(result == cases.map(\.ids)) }
    }
}
