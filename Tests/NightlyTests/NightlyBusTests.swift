import Fleet
import Kafka
import Messages
@testable import Nightly
import Synchronization
import TestSupport
import Testing

/// The night's window on the prompts topic, through a real consumer group (the in-memory cluster's): only prompts
/// inside it reach the stage, and the group's committed offsets end where the window ends — where the next night
/// starts.
struct NightlyBusTests {
    @Test func theGeneratorsSeeOnlyTheWindowAndCommitExactlyToItsEnd() async throws {
        let topics = FleetTopics(runId: "w")
        let cluster = InMemoryKafkaCluster(topics: topics)
        let base = KafkaBus.inMemory(cluster)
        try await base.publish((0..<30).map {
            OutgoingRecord(topic: topics.prompts.name, key: "p\($0)", value: Array("prompt \($0)".utf8))
        })
        let byPartition = Dictionary(grouping: cluster.messages(in: topics.prompts.name), by: \.partition)
        let windowEnd = Dictionary(uniqueKeysWithValues: byPartition.keys.map { (Int($0), Int64(($0 % 3) + 1)) })
        let expected = Set(cluster.messages(in: topics.prompts.name)
            .filter { $0.offset < windowEnd[Int($0.partition)]! }.map { "\($0.partition)/\($0.offset)" })
        let bus = NightlyBus(base, promptsTopic: topics.prompts.name, windowEnd: windowEnd)
        let subscription = try await bus.subscribe(group: "w.generators", topics: [topics.prompts.name])
        let seen = Mutex<[String]>([])
        let reader = Task {
            while let record = try await subscription.next() {
                seen.withLock { $0.append("\(record.partition)/\(record.offset)") }
                try subscription.acknowledge(record)
            }
        }
        try await eventually("every prompt in the window is processed", within: .seconds(10)) {
            windowEnd.allSatisfy { partition, end in
                bus.processedThrough(topics.prompts.name, partition: partition).map { $0 + 1 } ?? 0 >= end
                    || end > Int64(byPartition[Int32(partition)]!.count)
            } && seen.withLock { $0.count } == expected.count
        }
        #expect(!bus.holds(topic: topics.prompts.name))
        try await subscription.close()
        try await reader.value
        #expect(Set(seen.withLock { $0 }) == expected)
        let committed = cluster.committedOffsets(group: "w.generators")
        for (partition, end) in windowEnd {
            let available = Int64(byPartition[Int32(partition)]!.count)
            #expect(committed[KafkaTopicPartition(topic: topics.prompts.name, partition: Int32(partition))] == min(end, available))
        }
    }
}
