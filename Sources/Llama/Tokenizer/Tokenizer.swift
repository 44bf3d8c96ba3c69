/// Text ↔ token ids.
///
/// `encode` never adds a BOS token by itself (Hugging Face's `add_special_tokens=False`); callers that want one
/// use ``encode(_:prependingBOS:)``. Special-token text written inline (e.g. `"<|eot_id|>"`) encodes to that
/// token, as in Hugging Face `tokenizers`.
public protocol Tokenizer: Sendable {
    /// V: one more than the largest id the tokenizer can produce.
    var vocabSize: Int { get }
    /// Beginning-of-sequence id, if the tokenizer has one.
    var bosTokenId: Int? { get }
    /// Every id that ends a sequence (first one is the canonical end-of-sequence token).
    var eosTokenIds: [Int] { get }
    /// Padding id, if the tokenizer has one.
    var padTokenId: Int? { get }

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

    /// The ids of `text`, with ``bosTokenId`` in front when `prependingBOS` and the tokenizer has one.
    public func encode(_ text: String, prependingBOS: Bool) -> [Int] {
        guard prependingBOS, let bos = bosTokenId else { return encode(text) }
        return [bos] + encode(text)
    }

    /// Whether `id` ends a sequence.
    public func isEndOfSequence(_ id: Int) -> Bool { eosTokenIds.contains(id) }
}
