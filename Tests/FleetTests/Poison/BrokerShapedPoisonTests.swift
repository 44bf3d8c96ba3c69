import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Foundation
import Kafka
import Messages
import TestSupport
import Testing

/// Holes that depend on what the broker does: its message-size limit, the partitions it auto-creates, and the
/// consumer groups a process leaves behind.
@Suite struct BrokerShapedPoisonTests {
    /// A dead letter used to carry its original whole: base64 of a 760 kB record is over the broker's 1 MB limit,
    /// so publishing it failed, the stage exited, and the record came back forever.
    @Test func aLargeBadRecordIsDeadLetteredTruncatedAndTheStageGoesOn() async throws {
        let fixture = PoisonFixture()
        #expect(fixture.test.cluster.maxMessageBytes == 1_000_000)
        let large = Array(repeating: UInt8(ascii: "x"), count: 760_000)
        try await fixture.publish(raw: large, to: fixture.topics.candidates)
        let prompt = PromptMessage(id: "p1", task: "arithmetic", text: "1+2=", metadata: ["expression": "1+2"])
        let candidates = CandidatesMessage(
            prompt: prompt, policyVersion: 0, promptTokens: [1],
            samples: [.init(index: 0, tokens: [51], rolloutLogProbs: [-0.5], text: "3", finishReason: "eos")])
        try await fixture.publish(candidates, to: fixture.topics.candidates)
        let scorer = ScorerService(topics: fixture.topics, scorerConfig: "verifier")
        let running = Task { try await scorer.run(bus: fixture.bus) }
        defer { running.cancel() }
        try await eventually("the good record scored") { !fixture.test.values(fixture.topics.rollouts).isEmpty }
        let letter = try #require(try fixture.deadLetters.first)
        #expect(letter.truncated == true && letter.originalSize == large.count)
        #expect(letter.originalSHA256 == SHA256.hex(large))
        #expect(letter.reason.contains("not a JSON object"))
    }

    /// A broker with auto-create may make the updates topic with several partitions; the coordinator refuses to run
    /// on it (updates must be one total order) with an error saying what to do.
    @Test func theCoordinatorRefusesAnUpdatesTopicOfSeveralPartitions() async throws {
        let cluster = InMemoryKafkaCluster()
        let topics = FleetTopics(runId: "multi")
        for topic in topics.all where topic != topics.updates { cluster.createTopic(topic.name, partitions: topic.partitions) }
        cluster.createTopic(topics.updates.name, partitions: 3)
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let coordinator = CoordinatorService(
            topics: topics,
            settings: CoordinatorSettings(updatesPerVersion: 1, schedule: .init(peak: 1e-3), maxLag: 2),
            store: InMemoryBlobStore(), checkpoints: try CheckpointStore(directory: directory))
        let error = await #expect(throws: FleetError.self) {
            try await coordinator.run(bus: KafkaBus.inMemory(cluster), base: { try TinyPolicy.base() })
        }
        #expect(error == .updatesTopicPartitions(topic: "multi.updates", count: 3))
        #expect(error?.description.contains("recreate it with 1 partition") == true)
    }

    /// Every process reads the policy topic whole; it used to do so as a fresh consumer group per process, leaving
    /// a group behind each time. Now it reads as no group's member.
    @Test func followingThePolicyLeavesNoConsumerGroupBehind() async throws {
        let fixture = PoisonFixture()
        try await fixture.announce(try TinyPolicy.base(), version: 0)
        let trainer = TrainerService(topics: fixture.topics, settings: TrainerSettings(maxLag: 2), store: fixture.store)
        let bus = WorkerBus(KafkaBus.inMemory(fixture.test.cluster))
        let running = Task { try await trainer.run(bus: bus) }
        try await fixture.publish(PoisonFixture.rollout("p"), to: fixture.topics.rollouts)
        try await eventually("the trainer loaded v0 and trained") { !fixture.test.values(fixture.topics.updates).isEmpty }
        #expect(trainer.holder.currentVersion == 0)
        // Stopping as a worker process does: every subscription closed, committing what it acknowledged.
        running.cancel()
        _ = await running.result
        await bus.shutdown()
        let groups = fixture.test.cluster.committedGroups()
        #expect(groups == ["t.trainers"], "\(groups)")
    }
}
