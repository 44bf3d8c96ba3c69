/// The built-in tokenizer: one token per byte (ids 0–255), then `<|bos|>` 256, `<|eos|>` 257, `<|pad|>` 258.
///
/// Needs no files, round-trips any text exactly, and is the default for small models trained from scratch. Its rule
/// puts `<|bos|>` in front of every encoded text (and its ``tokenizerJSON()`` says so, so transformers does the same).
public struct ByteTokenizer: Tokenizer {
    /// The special tokens, in id order after the 256 bytes.
    public static let specialTokens = ["<|bos|>", "<|eos|>", "<|pad|>"]

    public init() {}

    public var vocabSize: Int { 256 + Self.specialTokens.count }
    public var bosTokenId: Int? { 256 }
    public var eosTokenIds: [Int] { [257] }
    public var padTokenId: Int? { 258 }
    public var specialTokenRule: SpecialTokenRule { SpecialTokenRule(prefix: [256]) }

    public func tokenId(for content: String) -> Int? {
        Self.specialTokens.firstIndex(of: content).map { 256 + $0 }
    }

    public func encode(_ text: String) -> [Int] {
        let bytes = Array(text.utf8)
        var ids: [Int] = []
        ids.reserveCapacity(bytes.count)
        var i = 0
        outer: while i < bytes.count {
            if bytes[i] == UInt8(ascii: "<") {
                for (k, special) in Self.specialTokenBytes.enumerated() where bytes[i...].starts(with: special) {
                    ids.append(256 + k)
                    i += special.count
                    continue outer
                }
            }
            ids.append(Int(bytes[i]))
            i += 1
        }
        return ids
    }

    public func decodeBytes(_ ids: [Int], skipSpecialTokens: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ids.count)
        for id in ids {
            if (0..<256).contains(id) {
                bytes.append(UInt8(id))
            } else if !skipSpecialTokens, (256..<vocabSize).contains(id) {
                bytes += Self.specialTokenBytes[id - 256]
            }
        }
        return bytes
    }

    private static let specialTokenBytes = specialTokens.map { Array($0.utf8) }
}
