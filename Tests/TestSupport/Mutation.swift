import Deterministic
import Foundation

/// Seeded mutations of valid inputs, for property tests of decoders: every reader of bytes from a topic, the blob
/// store or a model file must turn whatever it is given into a value or an error, never a crash or a hang. A failing
/// seed reproduces exactly with the same toolchain: `Mutation(seed:)` is SplitMix64 drawn through the standard
/// library's `random(in:using:)`, whose algorithm a toolchain may change (fine for finding bugs, not for golden
/// streams).
public struct Mutation: RandomNumberGenerator, Sendable {
    private var stream: SplitMix64

    public init(seed: UInt64) { stream = SplitMix64(seed: seed) }

    public mutating func next() -> UInt64 { stream.next() }

    /// Random bytes of a random length up to `maxLength`.
    public mutating func randomBytes(maxLength: Int) -> [UInt8] {
        (0..<Int.random(in: 0...maxLength, using: &self)).map { _ in UInt8.random(in: 0...255, using: &self) }
    }

    /// `bytes` with one to four byte-level edits: flipped bits, overwritten bytes (often with 0x00, 0xFF or
    /// 0x7F, the values that make lengths and counts extreme), insertions, deletions, a duplicated range, a
    /// truncation. Edits favour `focus` (e.g. a header) when given.
    public mutating func mutate(_ bytes: [UInt8], focus: Range<Int>? = nil) -> [UInt8] {
        var bytes = bytes
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            guard !bytes.isEmpty else { bytes = randomBytes(maxLength: 16); continue }
            let region = focus.map { $0.clamped(to: 0..<bytes.count) }.flatMap { $0.isEmpty ? nil : $0 } ?? 0..<bytes.count
            let i = Bool.random(using: &self) ? Int.random(in: region, using: &self) : Int.random(in: 0..<bytes.count, using: &self)
            switch Int.random(in: 0..<7, using: &self) {
            case 0: bytes[i] ^= 1 << UInt8.random(in: 0...7, using: &self)
            case 1: bytes[i] = [0x00, 0xFF, 0x7F, 0x80, UInt8.random(in: 0...255, using: &self)].randomElement(using: &self)!
            case 2: bytes.insert(contentsOf: randomBytes(maxLength: 8), at: i)
            case 3: bytes.removeSubrange(i..<min(bytes.count, i + Int.random(in: 1...16, using: &self)))
            case 4:
                let end = min(bytes.count, i + Int.random(in: 1...32, using: &self))
                bytes.insert(contentsOf: bytes[i..<end], at: end)
            case 5: bytes.removeSubrange(i...)
            default:
                // Eight bytes at once: a length or count field overwritten as a whole.
                let value = [UInt64.max, UInt64(Int64.max), 1 << 32, 1 << 40, 0].randomElement(using: &self)!
                for k in 0..<8 where i + k < bytes.count { bytes[i + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
            }
        }
        return bytes
    }

    /// A JSON document with one to three structure-aware edits: a value replaced by one of another type or an
    /// extreme one (huge or negative numbers, 1e308, null, an empty or very long string, invalid UTF-16 escapes, deep
    /// nesting), a key removed, or an array emptied or grown. Falls back to byte edits when `json` does not parse.
    public mutating func mutateJSON(_ json: [UInt8]) -> [UInt8] {
        guard var object = try? JSONSerialization.jsonObject(with: Data(json), options: [.fragmentsAllowed]) else {
            return mutate(json)
        }
        for _ in 0..<Int.random(in: 1...3, using: &self) { object = edit(object, depth: 0) }
        guard JSONSerialization.isValidJSONObject(object) || object is String || object is NSNumber,
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed])
        else { return mutate(json) }
        var bytes = [UInt8](data)
        // JSONSerialization escapes nothing exotic; some edits splice in what only a hand-written producer sends.
        if Int.random(in: 0..<6, using: &self) == 0, let quote = bytes.firstIndex(of: UInt8(ascii: "\"")) {
            let exotic = [#"\ud800"#, #"\u0000"#, "\u{FEFF}", #"\udfff\ud800"#].randomElement(using: &self)!
            bytes.insert(contentsOf: Array(exotic.utf8), at: quote + 1)
        }
        return bytes
    }

    private mutating func edit(_ value: Any, depth: Int) -> Any {
        if var dictionary = value as? [String: Any], !dictionary.isEmpty, depth < 8 {
            let key = dictionary.keys.sorted().randomElement(using: &self)!
            switch Int.random(in: 0..<4, using: &self) {
            case 0: dictionary.removeValue(forKey: key)
            case 1: dictionary[key] = extreme()
            default: dictionary[key] = edit(dictionary[key]!, depth: depth + 1)
            }
            return dictionary
        }
        if var array = value as? [Any], depth < 8 {
            guard !array.isEmpty else { return [extreme()] }
            let i = Int.random(in: 0..<array.count, using: &self)
            switch Int.random(in: 0..<5, using: &self) {
            case 0: return [Any]()
            case 1: array.append(contentsOf: Array(repeating: array[i], count: Int.random(in: 1...64, using: &self)))
            case 2: array[i] = extreme()
            default: array[i] = edit(array[i], depth: depth + 1)
            }
            return array
        }
        return extreme()
    }

    /// A value that breaks assumptions: the wrong type, or the right type at an extreme.
    public mutating func extreme() -> Any {
        switch Int.random(in: 0..<14, using: &self) {
        case 0: return NSNull()
        case 1: return Int.max
        case 2: return Int.min
        case 3: return -1
        case 4: return 0
        case 5: return 1e308
        case 6: return -1e-308
        case 7: return ""
        case 8: return String(repeating: "x", count: 70_000)
        case 9: return true
        case 10: return [Any]()
        case 11: return [String: Any]()
        case 12:
            var nested: Any = 1
            for _ in 0..<200 { nested = [nested] }
            return nested
        default: return "\u{0}\u{FFFD}é😀"
        }
    }
}
