import ArgumentParser
import Kafka
import TaoCLI
import Testing

@Suite("KafkaOptions")
struct KafkaOptionsTests {
    @Test("flags beat the environment, which beats the default")
    func precedence() throws {
        let options = try KafkaOptions.parse([
            "--kafka-bootstrap", "b1:9092", "--kafka-option", "acks=all", "--kafka-option", "sasl.mechanism=SCRAM-SHA-256",
        ])
        let configuration = try options.configuration(environment: [
            "TAO_KAFKA_BOOTSTRAP": "env:9092", "TAO_KAFKA_SASL_MECHANISM": "PLAIN", "TAO_KAFKA_CLIENT_RACK": "r1",
        ])
        #expect(configuration.bootstrapServers == "b1:9092")
        #expect(configuration.properties["sasl.mechanism"] == "SCRAM-SHA-256")
        #expect(configuration.properties["acks"] == "all")
        #expect(configuration.properties["client.rack"] == "r1")
        #expect(try KafkaOptions.parse([]).configuration(environment: [:]).bootstrapServers == "127.0.0.1:9092")
    }

    @Test("a malformed or unknown --kafka-option is rejected with a message naming it")
    func validation() {
        #expect(throws: (any Error).self) { try KafkaOptions.parse(["--kafka-option", "acks"]) }
        do {
            _ = try KafkaOptions.parse(["--kafka-option", "no.such.property=1"])
            Issue.record("an unknown property was accepted")
        } catch {
            #expect(KafkaOptions.message(for: error).contains("no.such.property"))
        }
    }
}
