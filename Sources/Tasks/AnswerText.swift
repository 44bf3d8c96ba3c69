/// Shared conventions for answers in completions: where they stop and how numbers are normalised.
public enum AnswerText {
    /// Every answer ends at the first newline; the warm-start targets end with it so models learn to stop.
    public static let stopMarker = "\n"

    /// The text before the first stop marker (or end-of-sequence marker), trimmed of spaces;
    /// `nil` when empty.
    public static func extract(from completion: String) -> String? {
        var text = Substring(completion)
        if let stop = text.firstIndex(where: { $0 == "\n" || $0 == "\r" }) { text = text[..<stop] }
        if let eos = text.firstRange(of: "</s>") { text = text[..<eos.lowerBound] }
        let trimmed = text.trimmingSpaces()
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// The last integer written in `reply` (`"275 + 307 = 582."` → `"582"`, `"= -51"` → `"-51"`, `"1,200"` →
    /// `"1,200"`): how a chatty model's reply is read for an integer answer. `nil` when it holds none.
    public static func lastInteger(in reply: String) -> String? {
        let pattern = /[+-]?\d{1,3}(?:,\d{3})+(?!\d)|[+-]?\d+/
        guard var last = reply.matches(of: pattern).last.map({ String($0.output) }) else { return nil }
        if last.first == "+" { last.removeFirst() }
        return last
    }

    /// The canonical decimal form of an integer answer: `" +007 "` → `"7"`, `"-0"` → `"0"`,
    /// `"1,200"` → `"1200"`; `nil` for anything else (fractions, words, empty). Thousands separators
    /// are accepted only in groups of three.
    public static func canonicalInteger(_ answer: String) -> String? {
        var text = Substring(answer).trimmingSpaces()
        if text.last == "." { text = text.dropLast() }
        var negative = false
        if let sign = text.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            text = text.dropFirst()
        }
        guard !text.isEmpty else { return nil }
        let groups = text.split(separator: ",", omittingEmptySubsequences: false)
        if groups.count > 1 {
            guard (1...3).contains(groups[0].count), groups.dropFirst().allSatisfy({ $0.count == 3 }) else {
                return nil
            }
        }
        let digits = groups.joined()
        guard !digits.isEmpty, digits.count <= 18, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        let stripped = digits.drop(while: { $0 == "0" })
        if stripped.isEmpty { return "0" }
        return (negative ? "-" : "") + stripped
    }
}

extension Substring {
    /// The substring without leading and trailing whitespace.
    func trimmingSpaces() -> Substring {
        guard let first = firstIndex(where: { !$0.isWhitespace }),
              let last = lastIndex(where: { !$0.isWhitespace })
        else { return "" }
        return self[first...last]
    }
}
