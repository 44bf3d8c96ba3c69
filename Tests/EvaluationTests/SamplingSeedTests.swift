@testable import Evaluation
import Testing

/// Evaluation seeds and warm-start cache keys name results and cached bases on disk: they must not change.
@Suite struct SamplingSeedTests {
    /// FNV-1a 64 of `"base|id"`: values from scripts/fixtures/deterministic_reference.py (an independent Python
    /// implementation).
    @Test func evaluatorSeedsArePinned() {
        #expect(Evaluator.seed(7, id: "p1") == 0x4636_dee2_d4d7_88a1)
        #expect(Evaluator.seed(0, id: "arith-3") == 0x0a67_9806_35b5_6eb5)
    }

    /// The default base's key: 16 hex digits of FNV-1a 64 of `"arithmetic " + canonicalDescription`, computed from
    /// this description by scripts/fixtures/deterministic_reference.py. Bases already cached under
    /// `base-arithmetic-<key>` stay valid.
    @Test func theDefaultWarmStartCacheKeyIsPinned() {
        let settings = WarmStartSettings()
        #expect(settings.canonicalDescription == """
            v259 c128 f344 l4 h4 kv2 p192 eps1e-05 theta10000.0 tiefalse data1 seed1 n20000 steps1500 b32 lr0.003 \
            min0.0003 warm30 wd0.05 clip1.0
            """)
        #expect(settings.cacheKey(task: "arithmetic") == "dc45ac9b9fdac353")
    }
}
