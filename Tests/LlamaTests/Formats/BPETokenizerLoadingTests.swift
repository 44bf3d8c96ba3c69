import Foundation
import Llama
import Testing

/// tokenizer.json variants: both merge spellings, and clear refusals of what is not byte-level BPE.
@Suite("BPE tokenizer.json loading")
struct BPETokenizerLoadingTests {
    static func fixture() throws -> [String: Any] {
        let url = FormatsFixtures.tokenizerDirectory.appendingPathComponent("gpt2-style.tokenizer.json")
        return try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
    }

    static func load(_ json: [String: Any]) throws -> BPETokenizer {
        try BPETokenizer(json: JSONSerialization.data(withJSONObject: json))
    }

    /// Edits the fixture's JSON at `path` (e.g. ["model", "type"]).
    static func edited(_ path: [String], _ value: Any?) throws -> [String: Any] {
        func set(_ object: [String: Any], _ path: ArraySlice<String>) -> [String: Any] {
            var object = object
            if path.count == 1 {
                object[path.first!] = value ?? NSNull()
            } else {
                object[path.first!] = set(object[path.first!] as! [String: Any], path.dropFirst())
            }
            return object
        }
        return set(try fixture(), path[...])
    }

    /// Found by fuzzing (Fuzz/regressions/tokenizer-json): a negative id trapped while the merge table was built.
    @Test func aVocabIdOutOfRangeIsAClearError() throws {
        var json = try Self.fixture()
        var model = json["model"] as! [String: Any]
        var vocab = model["vocab"] as! [String: Int]
        vocab[vocab.keys.sorted()[0]] = -10
        model["vocab"] = vocab
        json["model"] = model
        #expect { try Self.load(json) } throws: { "\($0)".contains("ids are 0 to 2³¹ − 1") }
    }

    @Test func mergesAsSpaceSeparatedStringsGiveTheSameTokens() throws {
        let json = try Self.fixture()
        let pairs = (json["model"] as! [String: Any])["merges"] as! [[String]]
        let legacy = try Self.edited(["model", "merges"], pairs.map { "\($0[0]) \($0[1])" })
        let text = "I'm sure you've seen 12345 naïve cafés 😀 <|eos|>"
        #expect(try Self.load(legacy).encode(text) == Self.load(json).encode(text))
    }

    /// (where, replacement as JSON text, the name the error must mention)
    @Test(arguments: [
        (["model", "type"], #""WordPiece""#, "WordPiece"),
        (["model", "type"], #""Unigram""#, "Unigram"),
        (["model", "byte_fallback"], "true", "byte_fallback"),
        (["normalizer"], #"{"type": "NFC"}"#, "NFC"),
        (["pre_tokenizer"], #"{"type": "Metaspace", "replacement": "▁"}"#, "Metaspace"),
        (["pre_tokenizer"], #"{"type": "Whitespace"}"#, "Whitespace"),
        (["decoder"], #"{"type": "WordPiece"}"#, "WordPiece"),
    ])
    func refusesWhatIsNotByteLevelBPE(path: [String], json: String, named: String) throws {
        let value = try JSONSerialization.jsonObject(with: Data(json.utf8), options: .fragmentsAllowed)
        let error = #expect(throws: TokenizerError.self) { try Self.load(try Self.edited(path, value)) }
        #expect(error?.description.contains(named) == true, "\(String(describing: error))")
    }

    @Test func refusesBrokenFiles() throws {
        #expect(throws: TokenizerError.self) { try BPETokenizer(json: Data("[1]".utf8)) }
        #expect(throws: TokenizerError.self) {
            try Self.load(try Self.edited(["model", "merges"], [["Ġ", "no-such-token"]]))
        }
        #expect(throws: TokenizerError.self) { try Self.load(try Self.edited(["model", "merges"], ["a b c"])) }
    }

    @Test func ignoreMergesEmitsWholeVocabularyWords() throws {
        // A vocabulary where "abc" exists but no merge chain builds it: only ignore_merges finds it.
        let vocab: [String: Int] = ["a": 0, "b": 1, "c": 2, "ab": 3, "abc": 4]
        func tokenizer(ignoreMerges: Bool) throws -> BPETokenizer {
            try Self.load([
                "model": ["type": "BPE", "vocab": vocab, "merges": [["a", "b"]], "ignore_merges": ignoreMerges],
                "pre_tokenizer": ["type": "ByteLevel", "add_prefix_space": false, "use_regex": true],
                "decoder": ["type": "ByteLevel"], "added_tokens": [],
            ])
        }
        #expect(try tokenizer(ignoreMerges: true).encode("abc") == [4])
        #expect(try tokenizer(ignoreMerges: false).encode("abc") == [3, 2])
        // add_prefix_space and a Split pre-tokenizer in a Sequence.
        let split = try Self.load([
            "model": ["type": "BPE", "vocab": vocab.merging(["Ġ": 5, "-": 6]) { a, _ in a }, "merges": [["a", "b"]]],
            "pre_tokenizer": [
                "type": "Sequence",
                "pretokenizers": [
                    ["type": "Split", "pattern": ["String": "-"], "behavior": "Removed", "invert": false],
                    ["type": "ByteLevel", "add_prefix_space": true, "use_regex": false],
                ],
            ],
        ])
        #expect(split.encode("ab-c") == [5, 3, 5, 2])
    }
}
