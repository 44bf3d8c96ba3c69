import Kafka
import Messages
import Testing

@Suite("Configuration")
struct ConfigurationTests {
    @Test("TAO_KAFKA_* variables become librdkafka properties")
    func environment() throws {
        let configuration = try KafkaConfiguration.fromEnvironment([
            "TAO_KAFKA_BOOTSTRAP": "kafka-1:9092,kafka-2:9092",
            "TAO_KAFKA_SASL_MECHANISM": "PLAIN",
            "TAO_KAFKA_SECURITY_PROTOCOL": "sasl_plaintext",
            "TAO_KAFKA_SASL_USERNAME": "tao",
            "PATH": "/usr/bin",
        ])
        #expect(configuration.bootstrapServers == "kafka-1:9092,kafka-2:9092")
        #expect(
            configuration.properties == [
                "sasl.mechanism": "PLAIN", "security.protocol": "sasl_plaintext", "sasl.username": "tao",
            ])
        #expect(try KafkaConfiguration.fromEnvironment([:]).bootstrapServers == "127.0.0.1:9092")
    }

    @Test("an invalid property is rejected with its variable, its name and librdkafka's reason")
    func invalidProperty() throws {
        let error = #expect(throws: KafkaError.self) {
            try KafkaConfiguration.fromEnvironment(["TAO_KAFKA_NO_SUCH_THING": "1"])
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("TAO_KAFKA_NO_SUCH_THING") == true)
        #expect(error?.description.contains("no.such.thing") == true)
        #expect(error?.description.contains("No such configuration property") == true)

        let badValue = KafkaConfiguration(bootstrapServers: "x:1", properties: ["acks": "sometimes"])
        #expect(throws: KafkaError.self) { try badValue.validate() }
    }

    @Test("fleet topics are prefixed with the run id")
    func fleetTopics() {
        let topics = FleetTopics(runId: "run7")
        #expect(
            topics.all.map(\.name) == [
                "run7.prompts", "run7.candidates", "run7.rollouts", "run7.updates", "run7.policy", "run7.dead-letter",
                "run7.blobs",
            ])
        #expect(topics.updates.partitions == 1 && topics.prompts.partitions == 6)
    }
}
