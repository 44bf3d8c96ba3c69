import Foundation

/// The `tokenizer.json` object of ``GGUFTokenizerFiles``: a BPE model over the token list, the added tokens chosen
/// by token type, the pre-tokenizer, a ByteLevel decoder, and a TemplateProcessing post-processor.
extension GGUFTokenizerFiles {
    /// The tokenizer.json object.
    static func tokenizerJSON(
        tokens: [String], types: [Int]?, merges: [String], choice: GGUFPreTokenizer.Choice, bos: Int?, eos: Int?
    ) -> [String: Any] {
        var vocab: [String: Int] = [:]
        vocab.reserveCapacity(tokens.count)
        for (index, token) in tokens.enumerated() { vocab[respelled(token)] = index }
        var added: [Int: [String: Any]] = [:]
        for (index, token) in tokens.enumerated() {
            let type = types?[index]
            // 3 CONTROL → special; 4 USER_DEFINED → plain added token.
            guard type == 3 || type == 4, isByteLevel(token), let id = vocab[token], added[id] == nil else { continue }
            added[id] = [
                "id": id, "content": token, "single_word": false, "lstrip": false, "rstrip": false,
                "normalized": false, "special": type == 3,
            ]
        }
        let pairs: [[String]] = merges.map { merge in
            // As llama.cpp: split at the first space after the first character.
            let scalars = Array(merge.unicodeScalars)
            guard let space = scalars.dropFirst().firstIndex(of: " ") else { return [merge, ""] }
            return [
                String(String.UnicodeScalarView(scalars[..<space])),
                String(String.UnicodeScalarView(scalars[(space + 1)...])),
            ]
        }
        let byteLevelDecoder: [String: Any] = [
            "type": "ByteLevel", "add_prefix_space": true, "trim_offsets": true, "use_regex": true,
        ]
        return [
            "version": "1.0", "truncation": NSNull(), "padding": NSNull(), "normalizer": NSNull(),
            "added_tokens": added.keys.sorted().compactMap { added[$0] },
            "pre_tokenizer": choice.json, "post_processor": postProcessor(tokens: tokens, bos: bos, eos: eos),
            "decoder": byteLevelDecoder,
            "model": [
                "type": "BPE", "dropout": NSNull(), "unk_token": NSNull(), "continuing_subword_prefix": "",
                "end_of_word_suffix": "", "fuse_unk": false, "byte_fallback": false,
                "ignore_merges": choice.ignoreMerges, "vocab": vocab, "merges": pairs,
            ] as [String: Any],
        ]
    }

    /// A TemplateProcessing that adds `bos` before and `eos` after each sequence (neither when both are nil).
    private static func postProcessor(tokens: [String], bos: Int?, eos: Int?) -> [String: Any] {
        func special(_ id: Int?, _ typeId: Int) -> [[String: Any]] {
            id.map { [["SpecialToken": ["id": tokens[$0], "type_id": typeId]]] } ?? []
        }
        func sequence(_ name: String, _ typeId: Int) -> [[String: Any]] {
            special(bos, typeId) + [["Sequence": ["id": name, "type_id": typeId]]] + special(eos, typeId)
        }
        var specials: [String: Any] = [:]
        for id in [bos, eos].compactMap({ $0 }) {
            specials[tokens[id]] = ["id": tokens[id], "ids": [id], "tokens": [tokens[id]]]
        }
        return [
            "type": "TemplateProcessing", "single": sequence("A", 0), "pair": sequence("A", 0) + sequence("B", 1),
            "special_tokens": specials,
        ]
    }

    /// Whether every character of `token` is in GPT-2's byte alphabet.
    private static func isByteLevel(_ token: String) -> Bool {
        token.unicodeScalars.allSatisfy { ByteLevel.scalarToByte[$0] != nil }
    }

    /// `token` as a byte-level vocabulary spells it: itself when already in the byte alphabet, else its UTF-8 bytes
    /// respelled (a file that stores a token with a raw space, say).
    private static func respelled(_ token: String) -> String {
        isByteLevel(token) ? token : ByteLevel.encode(token.utf8)
    }
}
