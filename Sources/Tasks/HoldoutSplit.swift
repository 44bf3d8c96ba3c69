import Deterministic

/// A fixed, hash-based split of a task's item space into training and held-out evaluation items.
///
/// An item is identified by a canonical key (the expression, the question, the document plus question);
/// it is held out when the 64-bit FNV-1a hash of `salt + key` falls in the lowest `heldOutPercent` of
/// the hash range. The split depends only on the key, never on seeds or generation order, so
/// training generators can reject held-out items and the two sides are disjoint by construction.
public struct HoldoutSplit: Sendable, Hashable {
    /// Mixed into the hash so different task families split independently.
    public var salt: String
    /// Share of the item space held out for evaluation, in percent (1...99).
    public var heldOutPercent: Int

    public init(salt: String, heldOutPercent: Int) {
        precondition((1...99).contains(heldOutPercent), "heldOutPercent must be in 1...99")
        self.salt = salt
        self.heldOutPercent = heldOutPercent
    }

    public func isHeldOut(_ key: String) -> Bool {
        Self.fnv1a(salt + "\u{1F}" + key) % 100 < UInt64(heldOutPercent)
    }

    /// 64-bit FNV-1a over the UTF-8 bytes, followed by a final avalanche so the low digits are well mixed.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash = FNV1a.hash64(text)
        hash ^= hash >> 33
        hash &*= 0xFF51_AFD7_ED55_8CCD
        hash ^= hash >> 33
        return hash
    }
}
