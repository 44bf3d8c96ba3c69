import Evaluation
import Fleet
import Messages
import Synchronization

/// What the in-process run observes besides the services' own counters: records the stages rejected (dead
/// letters) and the rewards of the most recent scored groups, read from the rollouts topic like a dashboard would.
final class TuningMonitor: Sendable {
    private struct State {
        var rejected = 0
        /// Mean reward of each recent group, oldest first
        var recent: [Double] = []
        /// Per policy version the candidates were sampled from: (sum of group mean rewards, groups)
        var byVersion: [Int: (sum: Double, groups: Int)] = [:]
        /// Rollouts counted in `byVersion` (a redelivered one is counted once)
        var counted: Set<String> = []
    }

    let window: Int
    private let state = Mutex(State())

    init(window: Int = 100) {
        self.window = window
    }

    /// For the stages' `observe`: counts the records they dead-lettered.
    func handled(_ record: BusRecord, outcome: StageOutcome) {
        if case .deadLettered = outcome { state.withLock { $0.rejected += 1 } }
    }

    var rejected: Int { state.withLock { $0.rejected } }

    /// Mean of the recent groups' mean rewards, `nil` before the first.
    var recentReward: Double? {
        state.withLock { $0.recent.isEmpty ? nil : $0.recent.reduce(0, +) / Double($0.recent.count) }
    }

    /// Mean reward of the groups sampled from each policy version, by version.
    var rewardByVersion: [VersionReward] {
        state.withLock { state in
            state.byVersion.keys.sorted().map { version in
                let entry = state.byVersion[version]!
                return VersionReward(version: version, meanReward: entry.sum / Double(entry.groups), groups: entry.groups)
            }
        }
    }

    /// Distinct scored groups seen so far.
    var groupsSeen: Int { state.withLock { $0.byVersion.values.map(\.groups).reduce(0, +) } }

    /// Follows the rollouts topic in its own consumer group until cancelled.
    func follow(bus: any MessageBus, topics: FleetTopics) async throws {
        let subscription = try await bus.subscribe(group: "\(topics.runId).monitor", topics: [topics.rollouts.name])
        while let record = try await subscription.next() {
            if let rollout = try? WireCodec.decode(RolloutMessage.self, from: record.value), !rollout.scores.isEmpty {
                let mean = rollout.scores.map(\.total).reduce(0, +) / Double(rollout.scores.count)
                state.withLock { state in
                    state.recent.append(mean)
                    if state.recent.count > window { state.recent.removeFirst(state.recent.count - window) }
                    guard state.counted.insert(rollout.id).inserted else { return }
                    let version = rollout.candidates.policyVersion
                    let entry = state.byVersion[version] ?? (0, 0)
                    state.byVersion[version] = (entry.sum + mean, entry.groups + 1)
                }
            }
            try subscription.acknowledge(record)
        }
    }
}

/// The mean verifier (or scorer) reward of the groups sampled from one policy version.
public struct VersionReward: Sendable, Equatable, Codable {
    public var version: Int
    public var meanReward: Double
    public var groups: Int
}
