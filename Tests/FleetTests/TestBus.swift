import Fleet
import Kafka
import Messages
import TestSupport

/// An in-memory Kafka cluster with a run's topics, and the fleet's bus over it.
struct TestBus {
    let cluster: InMemoryKafkaCluster
    let topics: FleetTopics
    let bus: KafkaBus<InMemoryKafkaConsumer>

    init(runId: String = "t") {
        topics = FleetTopics(runId: runId)
        cluster = InMemoryKafkaCluster(topics: topics)
        bus = .inMemory(cluster)
    }

    /// Every record's value on `topic`, partition by partition.
    func values(_ topic: FleetTopics.Topic) -> [[UInt8]] {
        cluster.messages(in: topic.name).map(\.value)
    }
}
