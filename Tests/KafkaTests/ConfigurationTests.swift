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

    @Test("Kubernetes service variables (and other names librdkafka does not know) are skipped and reported")
    func kubernetesVariables() throws {
        // What Kubernetes injects for a service named tao-kafka, next to real settings.
        let variables = [
            "TAO_KAFKA_BOOTSTRAP": "tao-kafka:9092",
            "TAO_KAFKA_PORT": "tcp://10.0.0.1:9092",
            "TAO_KAFKA_SERVICE_HOST": "10.0.0.1",
            "TAO_KAFKA_SERVICE_PORT": "9092",
            "TAO_KAFKA_PORT_9092_TCP_ADDR": "10.0.0.1",
            "TAO_KAFKA_SASL_MECHANISM": "PLAIN",
        ]
        let environment = try KafkaConfiguration.readEnvironment(variables)
        #expect(environment.configuration.bootstrapServers == "tao-kafka:9092")
        #expect(environment.configuration.properties == ["sasl.mechanism": "PLAIN"])
        #expect(
            environment.ignoredVariables == [
                "TAO_KAFKA_PORT", "TAO_KAFKA_PORT_9092_TCP_ADDR", "TAO_KAFKA_SERVICE_HOST", "TAO_KAFKA_SERVICE_PORT",
            ])
        #expect(environment.warning?.contains("TAO_KAFKA_SERVICE_HOST") == true)
        #expect(try KafkaConfiguration.fromEnvironment(variables) == environment.configuration)
        #expect(try KafkaConfiguration.readEnvironment(["TAO_KAFKA_ACKS": "all"]).warning == nil)
    }

    @Test("a known property with a bad value fails start-up naming the variable and the property, never the value")
    func badValueInEnvironment() throws {
        let error = #expect(throws: KafkaError.self) {
            try KafkaConfiguration.readEnvironment(["TAO_KAFKA_SECURITY_PROTOCOL": "hunter2-secret"])
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.description.contains("TAO_KAFKA_SECURITY_PROTOCOL") == true)
        #expect(error?.description.contains("security.protocol") == true)
        #expect(error?.description.contains("hunter2") == false, "the value was echoed: \(error?.description ?? "")")

        // librdkafka's message is kept when it cannot contain the value.
        let bool = #expect(throws: KafkaError.self) {
            try KafkaConfiguration.readEnvironment(["TAO_KAFKA_ENABLE_IDEMPOTENCE": "maybe"])
        }
        #expect(bool?.description.contains("Expected bool value") == true)
        #expect(bool?.description.contains("maybe") == false)
    }

    @Test("validate() names a rejected property and librdkafka's reason, but never echoes a value")
    func validateHidesValues() throws {
        let unknown = #expect(throws: KafkaError.self) {
            try KafkaConfiguration(bootstrapServers: "x:1", properties: ["no.such.thing": "1"]).validate()
        }
        #expect(unknown?.code == .invalidConfiguration)
        #expect(unknown?.description.contains("no.such.thing") == true)
        #expect(unknown?.description.contains("No such configuration property") == true)

        for (property, value) in [("acks", "sometimes"), ("security.protocol", "s3cr3t-pa55"), ("linger.ms", "99999999")] {
            let error = #expect(throws: KafkaError.self) {
                try KafkaConfiguration(bootstrapServers: "x:1", properties: [property: value]).validate()
            }
            #expect(error?.description.contains(property) == true)
            #expect(error?.description.contains(value) == false, "\(property)'s value was echoed: \(error?.description ?? "")")
        }
    }

    @Test("fleet topics are prefixed with the run id")
    func fleetTopics() {
        let topics = FleetTopics(runId: "run7")
        #expect(
            topics.all.map(\.name) == [
                "run7.prompts", "run7.candidates", "run7.rollouts", "run7.updates", "run7.policy", "run7.dead-letter",
                "run7.promotions", "run7.nightly", "run7.blobs",
            ])
        #expect(topics.updates.partitions == 1 && topics.prompts.partitions == 6)
    }
}
