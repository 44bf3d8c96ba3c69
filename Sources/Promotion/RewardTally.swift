import Messages
import Synchronization

/// Mean reward per policy version, from the rollouts the scorers wrote: what a version was trained to raise, set
/// beside what it scores on the dev file.
public final class RewardTally: Sendable {
    public init() {}

    private let sums = Mutex<[Int: (total: Double, count: Int)]>([:])

    public func add(_ rollout: RolloutMessage) {
        let version = rollout.candidates.policyVersion
        let total = rollout.scores.map(\.total).reduce(0, +)
        sums.withLock { $0[version, default: (0, 0)] = ($0[version, default: (0, 0)].total + total, $0[version, default: (0, 0)].count + rollout.scores.count) }
    }

    /// Every version's mean reward, and how many candidates it rests on.
    public var byVersion: [Int: (mean: Double, count: Int)] {
        sums.withLock { $0.filter { $0.value.count > 0 }.mapValues { ($0.total / Double($0.count), $0.count) } }
    }

    /// The mean reward of the groups sampled by `version`, if any were.
    public func mean(_ version: Int) -> Double? {
        sums.withLock { $0[version].flatMap { $0.count > 0 ? $0.total / Double($0.count) : nil } }
    }
}
