/// RLOO: REINFORCE with a leave-one-out baseline (unnormalised advantages), with the same ratio clipping.
public struct RLOOLoss: PolicyLoss {
    public let name = "rloo"
    public var clipEpsilon: Double
    public var klCoefficient: Double

    public init(clipEpsilon: Double = 0.2, klCoefficient: Double = 0) {
        self.clipEpsilon = clipEpsilon
        self.klCoefficient = klCoefficient
    }

    public func evaluate(_ group: PolicyGroup) -> PolicyLossResult {
        ClippedSurrogate(clipEpsilon: clipEpsilon, klCoefficient: klCoefficient)
            .evaluate(group, advantages: GroupAdvantage.leaveOneOut(group.rewards))
    }
}
