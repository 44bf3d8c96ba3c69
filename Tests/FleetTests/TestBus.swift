import Fleet
import Kafka
import Messages

/// An in-memory Kafka cluster with a run's topics, and the fleet's bus over it.
struct TestBus {
    let cluster = InMemoryKafkaCluster()
    let topics: FleetTopics
    let bus: KafkaBus<InMemoryKafkaConsumer>

    init(runId: String = "t") {
        topics = FleetTopics(runId: runId)
        for topic in topics.all { cluster.createTopic(topic.name, partitions: topic.partitions) }
        bus = .inMemory(cluster)
    }

    /// Every record's value on `topic`, partition by partition.
    func values(_ topic: FleetTopics.Topic) -> [[UInt8]] {
        cluster.messages(in: topic.name).map(\.value)
    }
}
