import Foundation

/// A byte-level BPE tokenizer loaded from a Hugging Face `tokenizer.json` (GPT-2 and Llama-3 families).
///
/// Encoding: added/special tokens are cut out first, the rest is pre-tokenized (``PreTokenizer``) and each piece
/// is BPE-encoded (``BPEModel``). `encode` adds no special tokens; ``specialTokenRule`` (from the `post_processor`,
/// see ``Tokenizer``) says which ``encode(_:addingSpecialTokens:)`` adds. Decoding follows Hugging Face's ByteLevel
/// decoder. Anything outside this family — WordPiece/Unigram models, Metaspace pre-tokenizers, normalizers,
/// byte fallback — is refused with a ``TokenizerError`` naming it.
public struct BPETokenizer: Tokenizer {
    public let vocabSize: Int
    public var bosTokenId: Int?
    public var eosTokenIds: [Int]
    public var padTokenId: Int?
    public var specialTokenRule: SpecialTokenRule
    private let core: Core

    /// Immutable shared state, so copies with other special ids are cheap.
    private final class Core: Sendable {
        let model: BPEModel
        let preTokenizer: PreTokenizer
        let added: AddedTokens
        /// id → bytes it decodes to; `nil` for ids no token has.
        let idBytes: [[UInt8]?]
        let specialIds: Set<Int>
        let addedIds: [String: Int]

        init(model: BPEModel, preTokenizer: PreTokenizer, added: AddedTokens, size: Int) {
            self.model = model
            self.preTokenizer = preTokenizer
            self.added = added
            var idBytes = [[UInt8]?](repeating: nil, count: size)
            for (token, id) in model.vocab { idBytes[id] = ByteLevel.decode(token) }
            for token in added.tokens { idBytes[token.id] = ByteLevel.decode(token.content) }
            self.idBytes = idBytes
            specialIds = Set(added.tokens.filter(\.special).map(\.id))
            addedIds = Dictionary(added.tokens.map { ($0.content, $0.id) }, uniquingKeysWith: { first, _ in first })
        }
    }

    /// Loads `tokenizer.json`. BOS/EOS/PAD ids are guessed from common special-token names
    /// (`<|begin_of_text|>`, `<s>`, `<|bos|>`, `<|end_of_text|>`, `<|eot_id|>`, `</s>`, …); set the properties
    /// to override (``HFModelDirectory`` does so from `config.json`).
    public init(contentsOf url: URL) throws {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw TokenizerError.invalid(file: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        try self.init(json: data, file: url.path)
    }

    /// Parses the bytes of a `tokenizer.json`; `file` only names it in errors.
    public init(json data: Data, file: String = "tokenizer.json") throws {
        guard let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TokenizerError.invalid(file: file, reason: "not a JSON object")
        }
        if let normalizer = root["normalizer"] as? [String: Any] {
            let type = normalizer["type"] as? String ?? "?"
            let empty = type == "Sequence" && (normalizer["normalizers"] as? [Any])?.isEmpty == true
            if !empty { throw TokenizerError.unsupported(component: "normalizer", kind: type) }
        }
        if let decoder = root["decoder"] as? [String: Any], let type = decoder["type"] as? String, type != "ByteLevel" {
            throw TokenizerError.unsupported(component: "decoder", kind: type)
        }
        let model = try Self.model(root["model"] as? [String: Any] ?? [:], file: file)
        let added = AddedTokens(try Self.addedTokens(root["added_tokens"], file: file))
        let preTokenizer = try PreTokenizer(json: root["pre_tokenizer"])
        let size = max(model.vocab.values.max() ?? -1, added.tokens.map(\.id).max() ?? -1) + 1
        guard model.vocab.values.allSatisfy({ $0 >= 0 }), size <= 16_777_216 else {
            throw TokenizerError.invalid(file: file, reason: "token ids must lie in 0..<2^24")
        }
        let core = Core(model: model, preTokenizer: preTokenizer, added: added, size: size)
        self.core = core
        vocabSize = size
        let id = { (names: [String]) in names.compactMap { core.addedIds[$0] ?? model.vocab[$0] } }
        bosTokenId = id(["<|begin_of_text|>", "<s>", "<|bos|>", "<|startoftext|>", "<bos>"]).first
        eosTokenIds = id(["<|end_of_text|>", "<|eot_id|>", "</s>", "<|eos|>", "<|endoftext|>", "<eos>"])
        padTokenId = id(["<|pad|>", "<pad>", "<|finetune_right_pad_id|>"]).first
        specialTokenRule = try SpecialTokenRule(postProcessor: root["post_processor"]) {
            core.addedIds[$0] ?? model.vocab[$0]
        }
    }

    public func encode(_ text: String) -> [Int] {
        var ids: [Int] = []
        for segment in core.added.segments(text) {
            switch segment {
            case .token(let id): ids.append(id)
            case .text(let text):
                for piece in core.preTokenizer.pieces(text) { ids += core.model.encode(piece: piece) }
            }
        }
        return ids
    }

    public func decodeBytes(_ ids: [Int], skipSpecialTokens: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        for id in ids where core.idBytes.indices.contains(id) {
            if skipSpecialTokens, core.specialIds.contains(id) { continue }
            if let tokenBytes = core.idBytes[id] { bytes += tokenBytes }
        }
        return bytes
    }

    public func tokenId(for content: String) -> Int? { core.addedIds[content] ?? core.model.vocab[content] }

    private static func model(_ json: [String: Any], file: String) throws -> BPEModel {
        let type = json["type"] as? String ?? (json["merges"] != nil ? "BPE" : "?")
        guard type == "BPE" else { throw TokenizerError.unsupported(component: "model", kind: type) }
        if json["byte_fallback"] as? Bool == true {
            throw TokenizerError.unsupported(component: "model option", kind: "byte_fallback (SentencePiece-style BPE)")
        }
        for key in ["continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = json[key] as? String, !value.isEmpty {
                throw TokenizerError.unsupported(component: "model option", kind: "\(key) \(value)")
            }
        }
        if let dropout = json["dropout"] as? Double, dropout > 0 {
            throw TokenizerError.unsupported(component: "model option", kind: "dropout \(dropout)")
        }
        guard let vocab = json["vocab"] as? [String: Int] else {
            throw TokenizerError.invalid(file: file, reason: "model.vocab must map token strings to ids")
        }
        // Ids index embedding rows and are packed into 32 bits in the merge table.
        if let (token, id) = vocab.first(where: { !(0..<(1 << 31)).contains($0.value) }) {
            throw TokenizerError.invalid(
                file: file, reason: "model.vocab gives \"\(token.prefix(40))\" the id \(id); ids are 0 to 2³¹ − 1")
        }
        let merges = try (json["merges"] as? [Any] ?? []).enumerated().map { index, entry -> (String, String) in
            if let pair = entry as? [String], pair.count == 2 { return (pair[0], pair[1]) }
            if let line = entry as? String {
                let parts = line.split(separator: " ", omittingEmptySubsequences: false)
                if parts.count == 2 { return (String(parts[0]), String(parts[1])) }
            }
            throw TokenizerError.invalid(file: file, reason: "merge \(index) is neither \"a b\" nor [a, b]")
        }
        return try BPEModel(
            vocab: vocab, merges: merges, unknownToken: json["unk_token"] as? String,
            ignoreMerges: json["ignore_merges"] as? Bool ?? false)
    }

    private static func addedTokens(_ json: Any?, file: String) throws -> [AddedTokens.Token] {
        try (json as? [[String: Any]] ?? []).map { entry in
            guard let id = entry["id"] as? Int, id >= 0, let content = entry["content"] as? String else {
                throw TokenizerError.invalid(file: file, reason: "added_tokens entries need an id and a content")
            }
            return AddedTokens.Token(
                id: id, content: content, special: entry["special"] as? Bool ?? false,
                lstrip: entry["lstrip"] as? Bool ?? false, rstrip: entry["rstrip"] as? Bool ?? false,
                singleWord: entry["single_word"] as? Bool ?? false)
        }
    }
}
