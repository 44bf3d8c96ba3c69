import Deterministic
import Testing

@Suite struct SplitMix64Tests {
    /// The first three outputs for a few seeds, computed by scripts/fixtures/deterministic_reference.py: an
    /// independent Python implementation of Vigna's splitmix64.c (seed 0 gives the well-known 0xe220a8397b1dcdaf).
    @Test(arguments: [
        (0, [0xe220_a839_7b1d_cdaf, 0x6e78_9e6a_a1b9_65f4, 0x06c4_5d18_8009_454f]),
        (1, [0x910a_2dec_8902_5cc1, 0xbeeb_8da1_658e_ec67, 0xf893_a2ee_fb32_555e]),
        (42, [0xbdd7_3226_2feb_6e95, 0x28ef_e333_b266_f103, 0x4752_6757_130f_9f52]),
        (UInt64.max, [0xe4d9_7177_1b65_2c20, 0xe99f_f867_dbf6_82c9, 0x382f_f84c_b272_81e9]),
    ] as [(UInt64, [UInt64])])
    func firstValuesArePinned(seed: UInt64, expected: [UInt64]) {
        var generator = SplitMix64(seed: seed)
        #expect((0..<3).map { _ in generator.next() } == expected)
    }

    @Test func equalSeedsGiveEqualStreamsAndCopiesContinueAlike() {
        var a = SplitMix64(seed: 7)
        _ = a.next()
        var b = a
        #expect((0..<5).map { _ in a.next() } == (0..<5).map { _ in b.next() })
        #expect(a == b)
    }
}
