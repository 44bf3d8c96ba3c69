/// Text ↔ token ids.
///
/// `encode` adds no special token by itself (Hugging Face's `add_special_tokens=False`, what a rendered chat template
/// is encoded with); ``encode(_:addingSpecialTokens:)`` adds what the tokenizer's own rules say
/// (``specialTokenRule``), as transformers' `tokenizer(text)` does. Special-token text written inline (e.g.
/// `"<|eot_id|>"`) encodes to that token, as in Hugging Face `tokenizers`.
public protocol Tokenizer: Sendable {
    /// V: one more than the largest id the tokenizer can produce.
    var vocabSize: Int { get }
    /// Beginning-of-sequence id, if the tokenizer has one.
    var bosTokenId: Int? { get }
    /// Every id that ends a sequence (first one is the canonical end-of-sequence token).
    var eosTokenIds: [Int] { get }
    /// Padding id, if the tokenizer has one.
    var padTokenId: Int? { get }
    /// What the tokenizer's own rules put around an encoded text (its post-processor).
    var specialTokenRule: SpecialTokenRule { get }

    /// The ids of `text`, with no BOS/EOS added.
    func encode(_ text: String) -> [Int]
    /// The UTF-8 bytes `ids` stand for; ids the tokenizer does not know are skipped. Special tokens are
    /// included unless `skipSpecialTokens`. A token may end mid-character, so streaming callers should buffer
    /// (see ``TokenStreamDecoder``).
    func decodeBytes(_ ids: [Int], skipSpecialTokens: Bool) -> [UInt8]
    /// The id of a special or added token given its exact text, e.g. `"<|eot_id|>"`.
    func tokenId(for content: String) -> Int?
}

extension Tokenizer {
    /// The canonical end-of-sequence id.
    public var eosTokenId: Int? { eosTokenIds.first }

    /// `text` decoded from `ids`; invalid UTF-8 becomes U+FFFD, as in Hugging Face `tokenizers`.
    public func decode(_ ids: [Int], skipSpecialTokens: Bool = false) -> String {
        String(decoding: decodeBytes(ids, skipSpecialTokens: skipSpecialTokens), as: UTF8.self)
    }

    /// The UTF-8 bytes of `ids`, special tokens included.
    public func decodeBytes(_ ids: [Int]) -> [UInt8] { decodeBytes(ids, skipSpecialTokens: false) }

    /// The ids of `text`, with the special tokens ``specialTokenRule`` adds when `addingSpecialTokens` (transformers'
    /// `tokenizer(text, add_special_tokens=...)`).
    public func encode(_ text: String, addingSpecialTokens: Bool) -> [Int] {
        addingSpecialTokens ? specialTokenRule.apply(encode(text)) : encode(text)
    }

    /// The ids of `text` with the tokenizer's special tokens, BOS forced in front (`true`) or left out (`false`)
    /// instead of as its rule says (`nil`): what `--bos` / `--no-bos` do.
    public func encode(_ text: String, bos: Bool?) -> [Int] {
        specialTokenRule.overridingBOS(bos, bosTokenId: bosTokenId).apply(encode(text))
    }

    /// Whether `id` ends a sequence.
    public func isEndOfSequence(_ id: Int) -> Bool { eosTokenIds.contains(id) }
}
