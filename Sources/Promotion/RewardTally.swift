import Messages
import Synchronization

/// Mean reward per policy version, from the rollouts the scorers wrote: what a version was trained to raise, set
/// beside what it scores on the dev file.
final class RewardTally: Sendable {
    private let sums = Mutex<[Int: (total: Double, count: Int)]>([:])

    func add(_ rollout: RolloutMessage) {
        let version = rollout.candidates.policyVersion
        let total = rollout.scores.map(\.total).reduce(0, +)
        sums.withLock { $0[version, default: (0, 0)] = ($0[version, default: (0, 0)].total + total, $0[version, default: (0, 0)].count + rollout.scores.count) }
    }

    /// The mean reward of the groups sampled by `version`, if any were.
    func mean(_ version: Int) -> Double? {
        sums.withLock { $0[version].flatMap { $0.count > 0 ? $0.total / Double($0.count) : nil } }
    }
}
