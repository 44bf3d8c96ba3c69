/// Finds stop sequences in a completion's decoded bytes as tokens arrive, and knows the extra token ids that end one.
///
/// Matching is on UTF-8 bytes, not tokens: a stop sequence can end inside a token or span several.
public struct StopSequenceMatcher: Sendable {
    private let stops: [[UInt8]]
    /// Bytes in the longest stop sequence: a streamed completion holds back `longest - 1` bytes until it ends,
    /// since they may turn out to begin a stop sequence, which is never shown.
    public let longest: Int
    /// Ids that end a completion besides the tokenizer's end-of-sequence ids (``SamplingParameters/stopTokenIds``).
    public let stopTokenIds: Set<Int>

    public init(_ stopSequences: [String], stopTokenIds: [Int] = []) {
        stops = stopSequences.map { Array($0.utf8) }.filter { !$0.isEmpty }
        longest = stops.map(\.count).max() ?? 0
        self.stopTokenIds = Set(stopTokenIds)
    }

    /// The byte offset where the earliest stop sequence starts, considering only occurrences that end at or after
    /// `newFrom` (the bytes appended since the last call), or nil.
    /// - output: the completion's bytes so far
    public func firstMatch(in output: [UInt8], newFrom: Int) -> Int? {
        guard longest > 0 else { return nil }
        var start = max(0, newFrom - longest + 1)
        while start < output.count {
            for stop in stops where start + stop.count <= output.count && start + stop.count > newFrom {
                if output[start..<start + stop.count].elementsEqual(stop) { return start }
            }
            start += 1
        }
        return nil
    }
}
