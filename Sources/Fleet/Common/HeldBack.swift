import Deterministic

/// The share of traffic no version is trained on, so a gate without labels can measure versions on prompts none of
/// them has seen: chosen by a hash of the prompt id, the same on every generator and in the gate.
public struct HeldBack: Sendable, Equatable {
    /// 0 holds nothing back; 0.05 holds back one prompt in twenty.
    public var fraction: Double

    public init(fraction: Double) {
        self.fraction = fraction
    }

    public static let none = HeldBack(fraction: 0)

    public func contains(_ promptID: String) -> Bool {
        fraction > 0 && Double(FNV1a.hash64("tao.held-back|\(promptID)") % 1_000_000) < fraction * 1_000_000
    }
}
