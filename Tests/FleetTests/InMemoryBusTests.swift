import Fleet
import Testing

/// The in-memory bus must keep the Kafka semantics stage logic relies on, or tests on it would prove nothing.
@Suite struct InMemoryBusTests {
    @Test func sameKeySamePartitionInOrder() async throws {
        let bus = InMemoryBus(defaultPartitions: 4)
        try await bus.publish((0..<20).map { OutgoingRecord(topic: "t", key: "k\($0 % 3)", value: [UInt8($0)]) })
        let records = bus.records(of: "t")
        #expect(records.count == 20)
        for key in ["k0", "k1", "k2"] {
            let mine = records.filter { $0.key == Array(key.utf8) }
            #expect(Set(mine.map(\.partition)).count == 1)
            #expect(mine.map(\.value[0]) == mine.map(\.value[0]).sorted())
        }
    }

    @Test func membersSplitPartitionsAndUnacknowledgedRecordsAreRedelivered() async throws {
        let bus = InMemoryBus(defaultPartitions: 4)
        try await bus.publish((0..<40).map { OutgoingRecord(topic: "t", key: "k\($0)", value: [UInt8($0)]) })
        let a = try await bus.subscribe(group: "g", topics: ["t"])
        let b = try await bus.subscribe(group: "g", topics: ["t"])
        var seenByA = Set<Int>(), seenByBWhileAWasAlive = Set<Int>()
        var acknowledged = Set<UInt8>()
        // b acknowledges everything it reads; a reads 5 without acknowledging, then dies.
        for _ in 0..<5 { seenByA.insert(try #require(await a.next()).partition) }
        while acknowledged.count < 40 {
            guard let record = try await next(b, within: .seconds(5)) else { break }
            if acknowledged.count < 10 { seenByBWhileAWasAlive.insert(record.partition) }
            try b.acknowledge(record)
            acknowledged.insert(record.value[0])
            if acknowledged.count == 10 { try await a.close() }  // a leaves mid-way: b takes its partitions over
        }
        #expect(seenByA.isDisjoint(with: seenByBWhileAWasAlive), "members of a group never share a partition")
        #expect(acknowledged.count == 40, "every record reached b, a's unacknowledged ones too")
        #expect(try await a.next() == nil)
    }

    @Test func aWaitingMemberWakesOnPublishAndEndsOnClose() async throws {
        let bus = InMemoryBus(defaultPartitions: 1)
        let member = try await bus.subscribe(group: "g", topics: ["t"])
        async let first = member.next()
        try await bus.publish([OutgoingRecord(topic: "t", key: "x", value: [9])])
        #expect(try await first?.value == [9])
        async let ended = member.next()
        try await member.close()
        #expect(try await ended == nil)
    }

    @Test func groupsAreIndependent() async throws {
        let bus = InMemoryBus(defaultPartitions: 2)
        try await bus.publish([OutgoingRecord(topic: "t", key: "a", value: [1])])
        let one = try await bus.subscribe(group: "scorers", topics: ["t"])
        let two = try await bus.subscribe(group: "auditors", topics: ["t"])
        #expect(try await one.next()?.value == [1])
        #expect(try await two.next()?.value == [1])
    }

    /// The next record, or nil if none arrives before the deadline.
    private func next(_ member: any BusSubscription, within limit: Duration) async throws -> BusRecord? {
        try await withThrowingTaskGroup(of: BusRecord?.self) { group in
            group.addTask { try await member.next() }
            group.addTask { try await Task.sleep(for: limit); return nil }
            let result = try await group.next()!
            group.cancelAll()
            return result
        }
    }
}
