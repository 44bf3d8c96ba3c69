import Kafka
import Messages

extension InMemoryKafkaCluster {
    /// An in-memory cluster with every topic of a run created at its default partition count, as `tao broker`
    /// creates them on a real one.
    public convenience init(topics: FleetTopics) {
        self.init()
        for topic in topics.all { createTopic(topic.name, partitions: topic.partitions) }
    }
}
