@testable import Fleet
import Testing

/// A generator's sampling seed per (prompt, version) decides which candidates a redelivered prompt yields again.
@Suite struct SamplingSeedTests {
    /// FNV-1a 64 of `"base|promptID|version"`: values from scripts/fixtures/deterministic_reference.py (an
    /// independent Python implementation).
    @Test func generatorSeedsArePinned() {
        #expect(GeneratorService.seed(base: 7, promptID: "p1", version: 3) == 0x1f51_b9be_469b_2edc)
        #expect(GeneratorService.seed(base: 42, promptID: "prompt-9", version: 0) == 0x95a6_a1f9_cdd3_c04d)
    }
}
