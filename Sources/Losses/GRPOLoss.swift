/// GRPO: group-normalised advantages with the clipped importance-weighted surrogate (the default).
public struct GRPOLoss: PolicyLoss {
    public let name = "grpo"
    public var clipEpsilon: Double
    /// β of the KL penalty to the reference policy; 0 turns it off.
    public var klCoefficient: Double

    public init(clipEpsilon: Double = 0.2, klCoefficient: Double = 0) {
        self.clipEpsilon = clipEpsilon
        self.klCoefficient = klCoefficient
    }

    public func evaluate(_ group: PolicyGroup) -> PolicyLossResult {
        ClippedSurrogate(clipEpsilon: clipEpsilon, klCoefficient: klCoefficient)
            .evaluate(group, advantages: GroupAdvantage.normalized(group.rewards))
    }
}
