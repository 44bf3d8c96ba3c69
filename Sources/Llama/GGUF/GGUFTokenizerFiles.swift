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
                .unsupported(
                    what: "tokenizer model", value: "'\(model.string ?? "\(model)")'",
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
                    "tokenizer.ggml.\(key)",
                    .badMetadata(key: "tokenizer.ggml.\(key)", reason: "\(value) is not a token id"))
            }
            return id
        }
        func flag(_ key: String) throws(GGUFError) -> Bool? {
            guard let value = meta["tokenizer.ggml.\(key)"] else { return nil }
            guard let bool = value.bool else {
                throw file.error(
                    "tokenizer.ggml.\(key)",
                    .badMetadata(key: "tokenizer.ggml.\(key)", reason: "\(value) is not a bool"))
            }
            return bool
        }
        bosTokenId = try id("bos_token_id")
        eosTokenId = try id("eos_token_id")
        padTokenId = try id("padding_token_id")
        unknownTokenId = try id("unknown_token_id")
        let pre = try Self.string(file, "tokenizer.ggml.pre")
        let choice = try GGUFPreTokenizer.choice(
            pre: pre, addPrefixSpace: try flag("add_space_prefix") ?? false, file: file)
        addsBOS = try flag("add_bos_token") ?? choice.addsBOSByDefault
        addsEOS = try flag("add_eos_token") ?? false
        chatTemplate = try Self.string(file, "tokenizer.chat_template")
        var contents: [String: String] = [:]
        for (name, tokenId) in [
            ("bos_token", bosTokenId), ("eos_token", eosTokenId), ("pad_token", padTokenId),
            ("unk_token", unknownTokenId),
        ] {
            if let tokenId { contents[name] = tokens[tokenId] }
        }
        specialContents = contents
        if (addsBOS && bosTokenId == nil) || (addsEOS && eosTokenId == nil) {
            throw file.error(
                "tokenizer.ggml.add_bos_token",
                .inconsistent(
                    reason: "the tokenizer adds BOS/EOS but tokenizer.ggml.bos_token_id/eos_token_id is missing"))
        }
        let json = Self.tokenizerJSON(
            tokens: tokens, types: types, merges: merges, choice: choice,
            bos: addsBOS ? bosTokenId : nil, eos: addsEOS ? eosTokenId : nil)
        do {
            tokenizerJSON = try JSONSerialization.data(
                withJSONObject: json, options: [.sortedKeys, .withoutEscapingSlashes])
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
        return
            (try? JSONSerialization.data(
                withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]))
            ?? Data("{}".utf8)
    }

    private static func string(_ file: GGUFFile, _ key: String) throws(GGUFError) -> String? {
        guard let value = file.metadata[key] else { return nil }
        guard let string = value.string else {
            throw file.error(key, .badMetadata(key: key, reason: "\(value.type) is not a string"))
        }
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
            throw file.error(
                key, .badMetadata(key: key, reason: "expected an array of \(count) integers, one per token"))
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
