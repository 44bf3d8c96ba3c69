import Kafka
import Testing

@Suite("In-memory partitioning by key")
struct InMemoryPartitioningTests {
    /// A keyed record lands on (FNV-1a 32 of the key & 0x7fffffff) % partitions; the partitions were computed by
    /// scripts/fixtures/deterministic_reference.py (an independent Python implementation).
    @Test("a key always lands on the partition its FNV-1a 32 hash picks")
    func keyedPartitionsArePinned() async throws {
        let cluster = InMemoryKafkaCluster()
        cluster.createTopic("four", partitions: 4)
        cluster.createTopic("six", partitions: 6)
        let producer = cluster.makeProducer()
        func partition(_ key: String, _ topic: String) async throws -> Int32 {
            try await producer.send(KafkaProducerMessage(topic: topic, key: key, value: "v")).partition
        }
        let expected: [(key: String, ofFour: Int32, ofSix: Int32)] = [
            ("a", 0, 2), ("key-0", 1, 3), ("key-1", 2, 4), ("p1", 2, 2),
        ]
        for (key, ofFour, ofSix) in expected {
            #expect(try await partition(key, "four") == ofFour, "\(key) of 4")
            #expect(try await partition(key, "six") == ofSix, "\(key) of 6")
        }
    }
}
