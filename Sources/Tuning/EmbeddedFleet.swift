import Evaluation
import Fleet
import Kafka
import Messages

/// An embedded Kafka cluster (librdkafka's mock brokers on loopback) with one run's topics, and the fleet's bus on
/// it: the real Kafka path, in one process, with nothing to install.
public struct EmbeddedFleet: Sendable {
    public let broker: EmbeddedBroker
    public let bus: KafkaBus<KafkaConsumer>
    public let topics: FleetTopics

    /// Starts the brokers, creates the run's topics (with their default partition counts) and connects.
    ///
    /// Consumers use a 6 s session timeout and 1 s heartbeats: the mock cluster delays a group's rebalance by up
    /// to the session timeout, and Kafka's 45 s default would stall start-up.
    public static func start(runId: String, brokers: Int = 1) async throws -> EmbeddedFleet {
        let broker = try EmbeddedBroker(brokers: brokers)
        let topics = FleetTopics(runId: runId)
        try await broker.createTopics(topics.all.map { KafkaTopicSpec(name: $0.name, partitions: $0.partitions) })
        let consumer = KafkaConsumerConfiguration(
            groupId: "", topics: [], sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1),
            fetchWaitMax: .milliseconds(50), autoCommitInterval: .seconds(1), pollTimeout: .milliseconds(50))
        let configuration = KafkaConfiguration(
            bootstrapServers: broker.bootstrapServers, clientId: "tao-demo", messageTimeout: .seconds(30))
        let bus = try KafkaBus.connect(configuration, consumerTemplate: consumer)
        return EmbeddedFleet(broker: broker, bus: bus, topics: topics)
    }

    /// Closes the producer and stops the brokers.
    public func shutdown() async {
        try? await bus.close()
        await broker.shutdown()
    }
}
