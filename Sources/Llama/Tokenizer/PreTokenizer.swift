import Foundation

/// The `pre_tokenizer` of a byte-level `tokenizer.json`: cuts text into pieces that BPE encodes independently.
///
/// Supported: `ByteLevel` (optional prefix space, optional GPT-2 regex split), `Split` (regex or string pattern,
/// any behaviour but `Contiguous`), `Digits`, and a `Sequence` of these ending with `ByteLevel`. The byte → character
/// mapping of `ByteLevel` is applied later, by ``BPEModel``.
struct PreTokenizer: Sendable {
    enum Behavior: String, Sendable {
        case isolated = "Isolated"
        case removed = "Removed"
        case mergedWithPrevious = "MergedWithPrevious"
        case mergedWithNext = "MergedWithNext"
    }

    enum Step: Sendable {
        case split(RegexBox, Behavior, invert: Bool)
        case byteLevel(addPrefixSpace: Bool, regex: RegexBox?)
    }

    /// `NSRegularExpression` is immutable after creation and documented as thread-safe.
    struct RegexBox: @unchecked Sendable {
        let regex: NSRegularExpression
        init(_ pattern: String) throws {
            do {
                regex = try NSRegularExpression(pattern: pattern)
            } catch {
                throw TokenizerError.invalid(file: "tokenizer.json", reason: "regex /\(pattern)/ does not compile")
            }
        }
    }

    let steps: [Step]

    /// Parses the `pre_tokenizer` JSON object.
    init(json: Any?) throws {
        guard let object = json as? [String: Any] else {
            throw TokenizerError.unsupported(component: "pre_tokenizer", kind: "null")
        }
        let list = object["type"] as? String == "Sequence" ? (object["pretokenizers"] as? [Any] ?? []) : [object]
        steps = try list.map(Self.step)
        guard case .byteLevel = steps.last else {
            throw TokenizerError.unsupported(component: "pre_tokenizer", kind: "Sequence not ending with ByteLevel")
        }
    }

    private static func step(_ json: Any) throws -> Step {
        let object = json as? [String: Any] ?? [:]
        let type = object["type"] as? String ?? "?"
        switch type {
        case "ByteLevel":
            let useRegex = object["use_regex"] as? Bool ?? true
            return .byteLevel(
                addPrefixSpace: object["add_prefix_space"] as? Bool ?? true,
                regex: useRegex ? try RegexBox(ByteLevel.gpt2Pattern) : nil)
        case "Split":
            let pattern = object["pattern"] as? [String: String] ?? [:]
            let regex: String
            if let r = pattern["Regex"] {
                regex = r
            } else if let s = pattern["String"] {
                regex = NSRegularExpression.escapedPattern(for: s)
            } else {
                throw TokenizerError.invalid(file: "tokenizer.json", reason: "Split has no Regex or String pattern")
            }
            let name = object["behavior"] as? String ?? "?"
            guard let behavior = Behavior(rawValue: name) else {
                throw TokenizerError.unsupported(component: "Split behavior", kind: name)
            }
            return .split(try RegexBox(regex), behavior, invert: object["invert"] as? Bool ?? false)
        case "Digits":
            let individual = object["individual_digits"] as? Bool ?? false
            return .split(try RegexBox(individual ? #"\p{N}"# : #"\p{N}+"#), .isolated, invert: false)
        default:
            throw TokenizerError.unsupported(component: "pre_tokenizer", kind: type)
        }
    }

    /// The pieces of `text`, in order, none empty.
    func pieces(_ text: String) -> [String] {
        var pieces = [text]
        for step in steps {
            switch step {
            case .split(let box, let behavior, let invert):
                pieces = pieces.flatMap { Self.split($0, box.regex, behavior, invert: invert) }
            case .byteLevel(let addPrefixSpace, let box):
                if addPrefixSpace { pieces = pieces.map { $0.hasPrefix(" ") ? $0 : " " + $0 } }
                if let box { pieces = pieces.flatMap { Self.split($0, box.regex, .isolated, invert: false) } }
            }
        }
        return pieces.filter { !$0.isEmpty }
    }

    /// Hugging Face's `Split`: matches and the gaps between them, combined as `behavior` says.
    static func split(_ text: String, _ regex: NSRegularExpression, _ behavior: Behavior, invert: Bool) -> [String] {
        let ns = text as NSString
        // (utf16 range, isMatch) covering the whole text.
        var spans: [(NSRange, Bool)] = []
        var cursor = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length))
        where match.range.length > 0 {
            if match.range.location > cursor {
                spans.append((NSRange(location: cursor, length: match.range.location - cursor), invert))
            }
            spans.append((match.range, !invert))
            cursor = match.range.location + match.range.length
        }
        if cursor < ns.length { spans.append((NSRange(location: cursor, length: ns.length - cursor), invert)) }

        var ranges: [NSRange] = []
        switch behavior {
        case .isolated:
            ranges = spans.map(\.0)
        case .removed:
            ranges = spans.filter { !$0.1 }.map(\.0)
        case .mergedWithPrevious:
            var previousMatch = false
            for (range, isMatch) in spans {
                if isMatch, !previousMatch, let last = ranges.last {
                    ranges[ranges.count - 1] = NSRange(
                        location: last.location, length: NSMaxRange(range) - last.location)
                } else {
                    ranges.append(range)
                }
                previousMatch = isMatch
            }
        case .mergedWithNext:
            var previousMatch = false
            for (range, isMatch) in spans.reversed() {
                if isMatch, !previousMatch, let last = ranges.last {
                    ranges[ranges.count - 1] = NSRange(
                        location: range.location, length: NSMaxRange(last) - range.location)
                } else {
                    ranges.append(range)
                }
                previousMatch = isMatch
            }
            ranges.reverse()
        }
        return ranges.map { ns.substring(with: $0) }
    }
}
