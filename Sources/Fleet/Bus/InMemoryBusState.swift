import Synchronization

/// The in-memory bus's logs, groups and waiters, behind one lock.
final class InMemoryBusState: Sendable {
    struct Partition: Hashable, Comparable {
        var topic: String
        var index: Int
        static func < (a: Self, b: Self) -> Bool { (a.topic, a.index) < (b.topic, b.index) }
    }

    struct Group {
        var members: [Int] = []
        /// Bumped on every join and leave: members then restart from the committed offsets (a rebalance).
        var generation = 0
        var committed: [Partition: Int64] = [:]
    }

    struct Member {
        var group: String
        var topics: [String]
        var generation = -1
        var positions: [Partition: Int64] = [:]
        var cursor = 0
        var closed = false
    }

    struct Logs {
        var partitions: [String: Int]
        let defaultPartitions: Int
        var records: [Partition: [BusRecord]] = [:]
        var groups: [String: Group] = [:]
        var members: [Int: Member] = [:]
        var nextMember = 0
        var roundRobin = 0
        var version = 0
        var waiters: [CheckedContinuation<Void, Never>] = []

        mutating func partitionCount(_ topic: String) -> Int {
            if let count = partitions[topic] { return count }
            partitions[topic] = defaultPartitions
            return defaultPartitions
        }
    }

    enum Poll { case record(BusRecord), empty, closed }

    private let logs: Mutex<Logs>

    init(partitions: [String: Int], defaultPartitions: Int) {
        logs = Mutex(Logs(partitions: partitions, defaultPartitions: defaultPartitions))
    }

    func append(_ outgoing: [OutgoingRecord]) {
        changing { logs in
            for record in outgoing {
                let count = logs.partitionCount(record.topic)
                let index: Int
                if let key = record.key {
                    index = Int(Self.fnv1a(key) % UInt64(count))
                } else {
                    index = logs.roundRobin % count
                    logs.roundRobin += 1
                }
                let partition = Partition(topic: record.topic, index: index)
                let offset = Int64(logs.records[partition, default: []].count)
                logs.records[partition, default: []].append(
                    BusRecord(topic: record.topic, partition: index, offset: offset, key: record.key, value: record.value))
            }
        }
    }

    func join(group: String, topics: [String]) -> Int {
        changing { logs in
            let id = logs.nextMember
            logs.nextMember += 1
            logs.members[id] = Member(group: group, topics: topics)
            logs.groups[group, default: Group()].members.append(id)
            logs.groups[group]!.generation += 1
            return id
        }
    }

    func leave(_ member: Int) {
        changing { logs in
            guard var state = logs.members[member], !state.closed else { return }
            state.closed = true
            logs.members[member] = state
            logs.groups[state.group]!.members.removeAll { $0 == member }
            logs.groups[state.group]!.generation += 1
        }
    }

    func acknowledge(_ record: BusRecord, by member: Int) {
        logs.withLock { logs in
            guard let state = logs.members[member], !state.closed else { return }
            let partition = Partition(topic: record.topic, index: record.partition)
            // Like Kafka's offset store: only the partition's current owner commits.
            guard state.generation == logs.groups[state.group]!.generation, state.positions[partition] != nil else { return }
            logs.groups[state.group]!.committed[partition] = record.offset + 1
        }
    }

    /// The member's next record, round-robin over its assigned partitions, and the version polled at.
    func poll(_ member: Int) -> (Poll, Int) {
        logs.withLock { logs in
            guard var state = logs.members[member], !state.closed else { return (.closed, logs.version) }
            let group = logs.groups[state.group]!
            if state.generation != group.generation {
                state.generation = group.generation
                state.positions = [:]
                for partition in Self.assignment(of: member, in: group, logs: &logs, topics: state.topics) {
                    state.positions[partition] = group.committed[partition] ?? 0
                }
            }
            let assigned = state.positions.keys.sorted()
            defer { logs.members[member] = state }
            for step in 0..<assigned.count {
                let partition = assigned[(state.cursor + step) % assigned.count]
                let position = state.positions[partition]!
                if let log = logs.records[partition], position < Int64(log.count) {
                    state.positions[partition] = position + 1
                    state.cursor = (state.cursor + step + 1) % assigned.count
                    return (.record(log[Int(position)]), logs.version)
                }
            }
            return (.empty, logs.version)
        }
    }

    func waitForChange(after version: Int) async {
        await withCheckedContinuation { continuation in
            logs.withLock { logs in
                if logs.version != version { continuation.resume() } else { logs.waiters.append(continuation) }
            }
        }
    }

    func all(_ topic: String) -> [BusRecord] {
        logs.withLock { logs in
            logs.records.filter { $0.key.topic == topic }.sorted { $0.key < $1.key }.flatMap(\.value)
        }
    }

    /// Partitions dealt round-robin over the group's members in join order.
    private static func assignment(of member: Int, in group: Group, logs: inout Logs, topics: [String]) -> [Partition] {
        let all = topics.flatMap { topic in (0..<logs.partitionCount(topic)).map { Partition(topic: topic, index: $0) } }
        guard let rank = group.members.firstIndex(of: member) else { return [] }
        return all.enumerated().filter { $0.offset % group.members.count == rank }.map(\.element)
    }

    /// Applies a change and wakes every waiting `next()`.
    private func changing<T>(_ body: (inout Logs) -> T) -> T {
        let (result, waiters) = logs.withLock { logs in
            let result = body(&logs)
            logs.version += 1
            let waiters = logs.waiters
            logs.waiters = []
            return (result, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return result
    }

    private static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
