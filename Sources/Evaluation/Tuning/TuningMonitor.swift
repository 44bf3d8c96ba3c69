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
    }

    let window: Int
    private let state = Mutex(State())

    init(window: Int = 100) {
        self.window = window
    }

    /// For the stages' `onHandled`: counts the records they dead-lettered.
    func handled(_ record: BusRecord, rejected: Bool) {
        if rejected { state.withLock { $0.rejected += 1 } }
    }

    var rejected: Int { state.withLock { $0.rejected } }

    /// Mean of the recent groups' mean rewards, `nil` before the first.
    var recentReward: Double? {
        state.withLock { $0.recent.isEmpty ? nil : $0.recent.reduce(0, +) / Double($0.recent.count) }
    }

    /// Follows the rollouts topic in its own consumer group until cancelled.
    func follow(bus: any MessageBus, topics: FleetTopics) async throws {
        let subscription = try await bus.subscribe(group: "\(topics.runId).monitor", topics: [topics.rollouts.name])
        while let record = try await subscription.next() {
            if let rollout = try? WireCodec.decode(RolloutMessage.self, from: record.value), !rollout.scores.isEmpty {
                let mean = rollout.scores.map(\.total).reduce(0, +) / Double(rollout.scores.count)
                state.withLock { state in
                    state.recent.append(mean)
                    if state.recent.count > window { state.recent.removeFirst(state.recent.count - window) }
                }
            }
            try subscription.acknowledge(record)
        }
    }
}
