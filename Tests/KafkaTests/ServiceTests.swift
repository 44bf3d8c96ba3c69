import Kafka
import TestSupport
import Testing

@Suite("Admin and smoke check")
struct ServiceTests {
    @Test("the smoke check passes on the embedded broker and reports every message intact")
    func smokeCheck() async throws {
        let kafka = try await EmbeddedKafka(brokers: 3)
        let check = KafkaSmokeCheck(
            configuration: kafka.configuration, messageCount: 50, partitions: 3, consumeTimeout: .seconds(30))
        let report = try await check.run(topics: kafka.broker, logger: KafkaTestSettings.logger)
        #expect(report.ok)
        #expect(report.intact == 50 && report.missing == 0 && report.corrupted == 0)
        await kafka.shutdown()
    }

    @Test("admin sees every broker, and says clearly that the mock cluster has no CreateTopics")
    func adminAgainstMock() async throws {
        let kafka = try await EmbeddedKafka(brokers: 3)
        let admin = try KafkaAdmin(
            configuration: kafka.configuration, timeout: .seconds(1), logger: KafkaTestSettings.logger)
        let addresses = try await admin.brokerAddresses()
        #expect(Set(addresses) == Set(kafka.broker.bootstrapServers.split(separator: ",").map(String.init)))

        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([KafkaTopicSpec(name: "never", partitions: 1)])
        }
        #expect(error?.code == .topicCreationFailed)
        #expect(error?.description.contains("no admin API") == true)
        await kafka.shutdown()
    }
}
