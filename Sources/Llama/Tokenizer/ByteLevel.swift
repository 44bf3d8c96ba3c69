/// GPT-2's reversible byte ↔ printable-character mapping (`bytes_to_unicode`), used by byte-level BPE vocabularies:
/// the printable bytes `!`–`~`, `¡`–`¬`, `®`–`ÿ` map to themselves; the other 68 bytes map, in order, to
/// U+0100, U+0101, … (so a space is `Ġ`, a newline `Ċ`).
enum ByteLevel {
    /// The pre-tokenization regex of GPT-2 (`ByteLevel` with `use_regex: true`).
    static let gpt2Pattern = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

    /// byte → its character.
    static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            let printable = (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
            if printable {
                table[byte] = Unicode.Scalar(UInt32(byte))!
            } else {
                table[byte] = Unicode.Scalar(next)!
                next += 1
            }
        }
        return table
    }()

    /// character → byte.
    static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var map: [Unicode.Scalar: UInt8] = [:]
        for (byte, scalar) in byteToScalar.enumerated() { map[scalar] = UInt8(byte) }
        return map
    }()

    /// The byte-level spelling of `bytes`, as vocabularies store it.
    static func encode<S: Sequence<UInt8>>(_ bytes: S) -> String {
        var view = String.UnicodeScalarView()
        for byte in bytes { view.append(byteToScalar[Int(byte)]) }
        return String(view)
    }

    /// The bytes a vocabulary token stands for. As Hugging Face's ByteLevel decoder does, a token containing a
    /// character outside the mapping (an added token such as `"<x> y"`) stands for its own UTF-8 bytes.
    static func decode(_ token: String) -> [UInt8] {
        var bytes: [UInt8] = []
        for scalar in token.unicodeScalars {
            guard let byte = scalarToByte[scalar] else { return Array(token.utf8) }
            bytes.append(byte)
        }
        return bytes
    }
}
