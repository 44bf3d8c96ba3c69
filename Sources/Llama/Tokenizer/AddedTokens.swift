/// The `added_tokens` of a `tokenizer.json` (special tokens such as `<|eot_id|>` and plain added tokens), found in
/// the input before pre-tokenization so they are never split by BPE.
///
/// Matching is leftmost-longest on UTF-8 bytes, like Hugging Face's Aho-Corasick matcher; `lstrip`/`rstrip`
/// absorb adjacent ASCII whitespace and `single_word` requires non-word characters around the match.
struct AddedTokens: Sendable {
    struct Token: Sendable {
        var id: Int
        var content: String
        var special: Bool
        var lstrip = false
        var rstrip = false
        var singleWord = false
    }

    /// A run of input: ordinary text for the pre-tokenizer, or an added token's id.
    enum Segment: Equatable {
        case text(String)
        case token(Int)
    }

    let tokens: [Token]
    /// first byte → indices into `tokens`, longest content first.
    private let byFirstByte: [UInt8: [Int]]
    private let contentBytes: [[UInt8]]

    init(_ tokens: [Token]) {
        self.tokens = tokens
        contentBytes = tokens.map { Array($0.content.utf8) }
        var table: [UInt8: [Int]] = [:]
        for (i, bytes) in contentBytes.enumerated() where !bytes.isEmpty { table[bytes[0], default: []].append(i) }
        byFirstByte = table.mapValues { [contentBytes] in $0.sorted { contentBytes[$0].count > contentBytes[$1].count }
        }
    }

    /// Cuts `text` at every added token.
    func segments(_ text: String) -> [Segment] {
        guard !tokens.isEmpty else { return text.isEmpty ? [] : [.text(text)] }
        let bytes = Array(text.utf8)
        var segments: [Segment] = []
        var textStart = 0
        var i = 0
        while i < bytes.count {
            guard let (k, end) = match(bytes, at: i) else {
                i += 1
                continue
            }
            var start = i
            var stop = end
            if tokens[k].lstrip { while start > textStart, Self.isSpace(bytes[start - 1]) { start -= 1 } }
            if tokens[k].rstrip { while stop < bytes.count, Self.isSpace(bytes[stop]) { stop += 1 } }
            if start > textStart { segments.append(.text(String(decoding: bytes[textStart..<start], as: UTF8.self))) }
            segments.append(.token(tokens[k].id))
            textStart = stop
            i = stop
        }
        if textStart < bytes.count { segments.append(.text(String(decoding: bytes[textStart...], as: UTF8.self))) }
        return segments
    }

    /// The longest token starting at `i`, as (index into `tokens`, end offset).
    private func match(_ bytes: [UInt8], at i: Int) -> (Int, Int)? {
        for k in byFirstByte[bytes[i]] ?? [] where bytes[i...].starts(with: contentBytes[k]) {
            let end = i + contentBytes[k].count
            if tokens[k].singleWord,
                (i > 0 && Self.isWordByte(bytes[i - 1])) || (end < bytes.count && Self.isWordByte(bytes[end]))
            {
                continue
            }
            return (k, end)
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }

    /// Letters, digits, `_` and any non-ASCII byte (part of a letter in most scripts).
    private static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || byte == UInt8(ascii: "_") || (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte)
            || (0x61...0x7A).contains(byte)
    }
}
