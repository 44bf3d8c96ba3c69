import Foundation

/// The Hugging Face tokenizer files a GGUF's `tokenizer.ggml.*` metadata describe: `tokenizer.json` (which
/// ``BPETokenizer/init(json:file:)`` loads), a `tokenizer_config.json` and the chat template.
///
/// Only `tokenizer.ggml.model` `gpt2` (byte-level BPE) is built, as transformers' GGUF converter builds it
/// (`integrations/gguf/gguf_tokenizer_mapping.py`): the vocabulary is the token list by id (a token with a character
/// outside the byte alphabet is respelled byte by byte), merges as the file lists them, tokens of type 3 (control)
/// added as special tokens — unless spelled outside the byte alphabet, a llama.cpp mislabel — and tokens of type 4
/// (user-defined) as plain added tokens. The pre-tokenizer follows `tokenizer.ggml.pre` (``GGUFPreTokenizer``).
///
/// BOS / EOS: the post-processor adds them exactly when `tokenizer.ggml.add_bos_token` / `add_eos_token` say; when
/// the file has no `add_bos_token`, what llama.cpp does for a gpt2 vocabulary: BOS for the Llama-3 pre-tokenizer,
/// none otherwise (`add_eos` defaults to false).
public struct GGUFTokenizerFiles: Sendable {
    /// The bytes of the `tokenizer.json`.
    public let tokenizerJSON: Data
    /// The token ids the file names (`tokenizer.ggml.*_token_id`), if any.
    public let bosTokenId: Int?
    public let eosTokenId: Int?
    public let padTokenId: Int?
    public let unknownTokenId: Int?
    /// Whether encoding adds BOS / EOS (see the type's documentation for the defaults).
    public let addsBOS: Bool
    public let addsEOS: Bool
    /// `tokenizer.chat_template`, if any.
    public let chatTemplate: String?
    /// Special token contents for tokenizer_config.json: bos_token, eos_token, pad_token, unk_token.
    private let specialContents: [String: String]

    public init(gguf file: GGUFFile) throws(GGUFError) {
        let meta = file.metadata
        guard let model = meta["tokenizer.ggml.model"] else {
            throw file.error("tokenizer.ggml.model", .missingKey("tokenizer.ggml.model"))
        }
        guard model.string == "gpt2" else {
            throw file.error(
                "tokenizer.ggml.model",
                .unsupported(what: "tokenizer model", value: "'\(model.string ?? "\(model)")'",
                    hint: "only 'gpt2' (byte-level BPE) vocabularies are built; SentencePiece ('llama'), WordPiece "
                        + "('bert') and others are not"))
        }
        let tokens = try Self.strings(file, "tokenizer.ggml.tokens")
        let merges = try Self.strings(file, "tokenizer.ggml.merges")
        let types = try Self.ints(file, "tokenizer.ggml.token_type", count: tokens.count)
        func id(_ key: String) throws(GGUFError) -> Int? {
            guard let value = meta["tokenizer.ggml.\(key)"] else { return nil }
            guard let id = value.int, tokens.indices.contains(id) else {
                throw file.error(
                    "tokenizer.ggml.\(key)", .badMetadata(key: "tokenizer.ggml.\(key)", reason: "\(value) is not a token id"))
            }
            return id
        }
        func flag(_ key: String) throws(GGUFError) -> Bool? {
            guard let value = meta["tokenizer.ggml.\(key)"] else { return nil }
            guard let bool = value.bool else {
                throw file.error("tokenizer.ggml.\(key)", .badMetadata(key: "tokenizer.ggml.\(key)", reason: "\(value) is not a bool"))
            }
            return bool
        }
        bosTokenId = try id("bos_token_id")
        eosTokenId = try id("eos_token_id")
        padTokenId = try id("padding_token_id")
        unknownTokenId = try id("unknown_token_id")
        let pre = try Self.string(file, "tokenizer.ggml.pre")
        let choice = try GGUFPreTokenizer.choice(pre: pre, addPrefixSpace: try flag("add_space_prefix") ?? false, file: file)
        addsBOS = try flag("add_bos_token") ?? choice.addsBOSByDefault
        addsEOS = try flag("add_eos_token") ?? false
        chatTemplate = try Self.string(file, "tokenizer.chat_template")
        var contents: [String: String] = [:]
        for (name, tokenId) in [("bos_token", bosTokenId), ("eos_token", eosTokenId), ("pad_token", padTokenId), ("unk_token", unknownTokenId)] {
            if let tokenId { contents[name] = tokens[tokenId] }
        }
        specialContents = contents
        if (addsBOS && bosTokenId == nil) || (addsEOS && eosTokenId == nil) {
            throw file.error(
                "tokenizer.ggml.add_bos_token",
                .inconsistent(reason: "the tokenizer adds BOS/EOS but tokenizer.ggml.bos_token_id/eos_token_id is missing"))
        }
        let json = Self.tokenizerJSON(
            tokens: tokens, types: types, merges: merges, choice: choice,
            bos: addsBOS ? bosTokenId : nil, eos: addsEOS ? eosTokenId : nil)
        do {
            tokenizerJSON = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
        } catch {
            throw file.error(nil, .inconsistent(reason: "the vocabulary cannot be written as JSON (\(error))"))
        }
    }

    /// A `tokenizer_config.json`: bos/eos/pad/unk token contents, `add_bos_token`, `add_eos_token`, and
    /// `chat_template` when `includingChatTemplate` (transformers 5 writes the template to `chat_template.jinja`
    /// instead, which ``GGUFModel/convert(to:)`` does).
    public func tokenizerConfigJSON(includingChatTemplate: Bool = true) -> Data {
        var object: [String: Any] = specialContents
        object["add_bos_token"] = addsBOS
        object["add_eos_token"] = addsEOS
        object["tokenizer_class"] = "PreTrainedTokenizerFast"
        object["clean_up_tokenization_spaces"] = false
        if includingChatTemplate, let chatTemplate { object["chat_template"] = chatTemplate }
        // Strings, bools and a string map only: serialization cannot fail.
        return (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    /// The tokenizer.json object.
    private static func tokenizerJSON(
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
            return [String(String.UnicodeScalarView(scalars[..<space])), String(String.UnicodeScalarView(scalars[(space + 1)...]))]
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

    private static func string(_ file: GGUFFile, _ key: String) throws(GGUFError) -> String? {
        guard let value = file.metadata[key] else { return nil }
        guard let string = value.string else { throw file.error(key, .badMetadata(key: key, reason: "\(value.type) is not a string")) }
        return string
    }

    private static func strings(_ file: GGUFFile, _ key: String) throws(GGUFError) -> [String] {
        guard let value = file.metadata[key] else { throw file.error(key, .missingKey(key)) }
        guard case .array(let elements, of: .string) = value else {
            throw file.error(key, .badMetadata(key: key, reason: "expected an array of strings, found \(value.type)"))
        }
        return elements.compactMap(\.string)
    }

    private static func ints(_ file: GGUFFile, _ key: String, count: Int) throws(GGUFError) -> [Int]? {
        guard let value = file.metadata[key] else { return nil }
        guard let elements = value.array, elements.count == count else {
            throw file.error(key, .badMetadata(key: key, reason: "expected an array of \(count) integers, one per token"))
        }
        var ints: [Int] = []
        for element in elements {
            guard let int = element.int else {
                throw file.error(key, .badMetadata(key: key, reason: "expected integers, found \(element.type)"))
            }
            ints.append(int)
        }
        return ints
    }
}
