/// Advantages from a group's rewards: how much better each completion did than its siblings.
public enum GroupAdvantage {
    /// GRPO's: (r − mean) / (std + ε), population std. All-equal rewards give all-zero advantages (nothing to learn).
    public static func normalized(_ rewards: [Double], epsilon: Double = 1e-4) -> [Double] {
        let mean = rewards.reduce(0, +) / Double(rewards.count)
        let variance = rewards.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(rewards.count)
        let scale = variance.squareRoot() + epsilon
        return rewards.map { ($0 - mean) / scale }
    }

    /// RLOO's leave-one-out baseline: r − mean of the other N − 1 rewards (0 when N = 1).
    public static func leaveOneOut(_ rewards: [Double]) -> [Double] {
        guard rewards.count > 1 else { return rewards.map { _ in 0 } }
        let total = rewards.reduce(0, +)
        return rewards.map { $0 - (total - $0) / Double(rewards.count - 1) }
    }
}
