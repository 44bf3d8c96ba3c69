/// Best-of-N supervised: maximise the likelihood of the group's highest-reward completion (mean negative
/// log-likelihood over its tokens). Ties go to the lowest index, so the choice is deterministic. A group whose
/// rewards are all equal has no best completion, and gives no gradient: imitating an arbitrary one of equally (often
/// equally wrong) candidates would teach noise.
public struct BestOfNLoss: PolicyLoss {
    public let name = "best-of-n"

    public init() {}

    public func evaluate(_ group: PolicyGroup) -> PolicyLossResult {
        var gradients = group.policyLogProbs.map { [Float](repeating: 0, count: $0.count) }
        var best = 0
        for i in group.rewards.indices where group.rewards[i] > group.rewards[best] { best = i }
        guard group.rewards.contains(where: { $0 < group.rewards[best] }) else {
            return PolicyLossResult(loss: 0, dPolicyLogProbs: gradients, stats: ["best_reward": group.rewards[best]])
        }
        let tokens = group.policyLogProbs[best]
        guard !tokens.isEmpty else { return PolicyLossResult(loss: 0, dPolicyLogProbs: gradients, stats: [:]) }
        let loss = -tokens.reduce(0) { $0 + Double($1) } / Double(tokens.count)
        for t in tokens.indices { gradients[best][t] = -1 / Float(tokens.count) }
        return PolicyLossResult(loss: loss, dPolicyLogProbs: gradients, stats: ["best_reward": group.rewards[best]])
    }
}
