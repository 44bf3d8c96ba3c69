/// A message bus in memory with Kafka's semantics where the stages depend on them: keyed partitioning, consumer
/// groups that split partitions among members, and redelivery of unacknowledged records when membership changes.
public final class InMemoryBus: MessageBus {
    let state: InMemoryBusState

    /// - Parameter partitions: partition count per topic; topics not named get `defaultPartitions`.
    public init(partitions: [String: Int] = [:], defaultPartitions: Int = 3) {
        state = InMemoryBusState(partitions: partitions, defaultPartitions: defaultPartitions)
    }

    public func publish(_ records: [OutgoingRecord]) async throws {
        state.append(records)
    }

    public func subscribe(group: String, topics: [String]) async throws -> any BusSubscription {
        InMemorySubscription(state: state, member: state.join(group: group, topics: topics))
    }

    /// Every record of `topic`, in partition then offset order: for assertions.
    public func records(of topic: String) -> [BusRecord] {
        state.all(topic)
    }
}

final class InMemorySubscription: BusSubscription {
    let state: InMemoryBusState
    let member: Int

    init(state: InMemoryBusState, member: Int) {
        self.state = state
        self.member = member
    }

    func next() async throws -> BusRecord? {
        while true {
            try Task.checkCancellation()
            let (result, version) = state.poll(member)
            switch result {
            case .record(let record): return record
            case .closed: return nil
            case .empty: await state.waitForChange(after: version)
            }
        }
    }

    func acknowledge(_ record: BusRecord) throws {
        state.acknowledge(record, by: member)
    }

    func close() async throws {
        state.leave(member)
    }
}
