import Deterministic
import Testing

@Suite struct FNV1aTests {
    /// Computed by scripts/fixtures/deterministic_reference.py, an independent Python implementation; "" is the
    /// offset basis and "a" / "foobar" match the reference's published test vectors.
    @Test(arguments: [
        ("", 0xcbf2_9ce4_8422_2325, 0x811c_9dc5),
        ("a", 0xaf63_dc4c_8601_ec8c, 0xe40c_292c),
        ("foobar", 0x8594_4171_f739_67e8, 0xbf9c_f968),
        ("héllo", 0xa35f_f71f_9602_40e0, 0x4aa4_8540),
    ] as [(String, UInt64, UInt32)])
    func hashesArePinned(text: String, hash64: UInt64, hash32: UInt32) {
        #expect(FNV1a.hash64(text) == hash64)
        #expect(FNV1a.hash64(Array(text.utf8)) == hash64)
        #expect(FNV1a.hash32(Array(text.utf8)) == hash32)
    }
}
