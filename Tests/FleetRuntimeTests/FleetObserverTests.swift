@testable import FleetRuntime
import Kafka
import Messages
import Testing

/// The observer stores no offsets, so each rebalance of its private group starts it from the beginning again:
/// the soak's progress showed twice the prompts it had fed after a broker restart. Records read again count once.
@Suite struct FleetObserverTests {
    @Test func recordsReadAgainAfterARebalanceAreCountedOnce() throws {
        let topics = FleetTopics(runId: "observer")
        let observer = try FleetObserver(topics: topics, kafka: KafkaConfiguration(bootstrapServers: "127.0.0.1:1"))
        func prompt(_ offset: Int64) throws -> KafkaConsumerMessage {
            let value = try WireCodec.encode(PromptMessage(id: "p\(offset)", task: "arithmetic", text: "1+1="))
            return KafkaConsumerMessage(
                topic: topics.prompts.name, partition: 0, offset: offset, key: nil, value: value, headers: [], timestamp: nil)
        }
        for offset in Int64(0)..<3 { observer.observe(try prompt(offset)) }
        for offset in Int64(0)..<5 { observer.observe(try prompt(offset)) }  // from the beginning again, and on
        #expect(observer.progress.prompts == 5)
        #expect(observer.ledger.promptIDs == Set((0..<5).map { "p\($0)" }))
    }
}
