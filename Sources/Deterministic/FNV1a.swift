/// FNV-1a (Fowler–Noll–Vo, variant 1a) over bytes: for each byte, `hash = (hash ^ byte) &* prime`, from the
/// offset basis. The project's one stable, non-cryptographic hash of short strings: sampling seeds per prompt,
/// warm-start cache keys, the held-out split, the in-memory cluster's partition of a key. Its outputs name things on
/// disk and pick streams, so they must never change; they are pinned in DeterministicTests.
///
/// Parameters from the reference (http://www.isthe.com/chongo/tech/comp/fnv/). Not for security or hash flooding.
public enum FNV1a {
    public static let offsetBasis64: UInt64 = 0xcbf2_9ce4_8422_2325
    public static let prime64: UInt64 = 0x100_0000_01b3
    public static let offsetBasis32: UInt32 = 2_166_136_261
    public static let prime32: UInt32 = 16_777_619

    /// The 64-bit FNV-1a hash of `bytes`.
    @inlinable
    public static func hash64(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = offsetBasis64
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* prime64 }
        return hash
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8 bytes.
    @inlinable
    public static func hash64(_ text: String) -> UInt64 {
        hash64(text.utf8)
    }

    /// The 32-bit FNV-1a hash of `bytes`.
    @inlinable
    public static func hash32(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var hash = offsetBasis32
        for byte in bytes { hash = (hash ^ UInt32(byte)) &* prime32 }
        return hash
    }
}
