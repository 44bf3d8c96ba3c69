@testable import Tasks
import Testing

/// Which items are held out depends only on this hash: it must not change, or evaluation sets would move.
struct HoldoutHashTests {
    /// FNV-1a 64 followed by a 33-bit xor-shift, multiply, xor-shift: values from
    /// scripts/fixtures/deterministic_reference.py (an independent Python implementation).
    @Test func theSplitHashIsPinned() {
        #expect(HoldoutSplit.fnv1a("arithmetic\u{1F}1+2") == 0x21b2_f111_a659_9dc4)
        #expect(HoldoutSplit.fnv1a("sql\u{1F}how many orders?") == 0xb63d_2423_e41d_cce6)
        #expect(HoldoutSplit(salt: "arithmetic", heldOutPercent: 53).isHeldOut("1+2"))
        #expect(!HoldoutSplit(salt: "arithmetic", heldOutPercent: 52).isHeldOut("1+2"))
    }
}
