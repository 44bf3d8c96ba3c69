/// Turns ids into text one step at a time during generation, holding back the bytes of a character that a
/// token split in the middle (byte-level tokens often end inside a multi-byte UTF-8 sequence).
public struct TokenStreamDecoder: Sendable {
    private let tokenizer: any Tokenizer
    private let skipSpecialTokens: Bool
    /// Bytes of an incomplete trailing UTF-8 sequence (at most 3).
    private var pending: [UInt8] = []

    public init(tokenizer: any Tokenizer, skipSpecialTokens: Bool = false) {
        self.tokenizer = tokenizer
        self.skipSpecialTokens = skipSpecialTokens
    }

    /// The text that `ids` complete; incomplete trailing bytes wait for the next call or ``finish()``.
    public mutating func append(_ ids: [Int]) -> String {
        let bytes = pending + tokenizer.decodeBytes(ids, skipSpecialTokens: skipSpecialTokens)
        let cut = Self.completePrefixLength(bytes)
        pending = Array(bytes[cut...])
        return String(decoding: bytes[..<cut], as: UTF8.self)
    }

    /// Whatever is still held back, decoded (invalid bytes become U+FFFD).
    public mutating func finish() -> String {
        defer { pending = [] }
        return String(decoding: pending, as: UTF8.self)
    }

    /// Length of `bytes` without a trailing UTF-8 sequence that is started but not yet complete.
    static func completePrefixLength(_ bytes: [UInt8]) -> Int {
        var start = bytes.count
        // Walk back over at most 3 continuation bytes to the lead byte of the last sequence.
        while start > 0, bytes.count - start < 4 {
            start -= 1
            let byte = bytes[start]
            if byte & 0xC0 != 0x80 {
                let needed = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
                return bytes.count - start < needed && needed > 1 ? start : bytes.count
            }
        }
        return bytes.count
    }
}
