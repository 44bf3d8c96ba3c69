import Kafka
import Testing

@Suite("Admin and smoke check")
struct ServiceTests {
    @Test("the smoke check passes on the embedded broker and reports every message intact")
    func smokeCheck() async throws {
        let broker = try EmbeddedBroker(brokers: 3, logger: KafkaTestSupport.logger)
        let check = KafkaSmokeCheck(
            configuration: KafkaTestSupport.cluster(broker), messageCount: 50, partitions: 3,
            consumeTimeout: .seconds(30))
        let report = try await check.run(topics: broker, logger: KafkaTestSupport.logger)
        #expect(report.ok)
        #expect(report.intact == 50 && report.missing == 0 && report.corrupted == 0)
        await broker.shutdown()
    }

    @Test("admin sees every broker, and says clearly that the mock cluster has no CreateTopics")
    func adminAgainstMock() async throws {
        let broker = try EmbeddedBroker(brokers: 3, logger: KafkaTestSupport.logger)
        let admin = try KafkaAdmin(
            configuration: KafkaTestSupport.cluster(broker), timeout: .seconds(1), logger: KafkaTestSupport.logger)
        let addresses = try await admin.brokerAddresses()
        #expect(Set(addresses) == Set(broker.bootstrapServers.split(separator: ",").map(String.init)))

        let error = await #expect(throws: KafkaError.self) {
            try await admin.createTopics([KafkaTopicSpec(name: "never", partitions: 1)])
        }
        #expect(error?.code == .topicCreationFailed)
        #expect(error?.description.contains("no admin API") == true)
        await broker.shutdown()
    }
}
