import Llama
import Testing

@Suite struct StopSequenceMatcherTests {
    @Test func findsAStopSequenceThatEndsInsideTheNewBytes() {
        let matcher = StopSequenceMatcher(["\n\n", "###"])
        let text = Array("answer: 42\n".utf8)
        #expect(matcher.firstMatch(in: text, newFrom: 0) == nil)
        // The next token brings "\nNext": the stop spans the old and the new bytes.
        let more = text + Array("\nNext".utf8)
        #expect(matcher.firstMatch(in: more, newFrom: text.count) == 10)
    }

    @Test func ignoresMatchesEndingBeforeTheNewBytesAndPicksTheEarliest() {
        let matcher = StopSequenceMatcher(["ab", "b#"])
        let text = Array("xab#".utf8)
        #expect(matcher.firstMatch(in: text, newFrom: 3) == 2)  // "ab" ended before the new byte; "b#" did not
        #expect(matcher.firstMatch(in: text, newFrom: 0) == 1)
        #expect(StopSequenceMatcher([]).firstMatch(in: text, newFrom: 0) == nil)
    }
}
