import Blobs
import Fleet
import Foundation
import Llama
import Messages
import TestSupport
import Testing

/// The four stages running together on the in-memory Kafka cluster with a real (tiny) model: the policy version
/// advances, generators sample with the new weights, and the reward on a toy task rises.
@Suite struct FleetLoopTests {
    /// Full-parameter updates, LoRA updates (adapter gradients only, over a frozen base), and a run whose blob
    /// store is Kafka itself.
    @Test(arguments: [(false, false), (true, false), (false, true)])
    func theLoopImprovesThePolicyOnAToyReward(lora: Bool, blobsInKafka: Bool) async throws {
        let test = TestBus()
        let topics = test.topics
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-fleet-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store: any BlobStore = blobsInKafka
            ? try await KafkaBlobStore(bus: test.bus, topic: topics.blobs.name)
            : try DirectoryBlobStore(root: directory.appendingPathComponent("blobs"))

        let coordinator = CoordinatorService(
            topics: topics,
            settings: CoordinatorSettings(
                updatesPerVersion: 4, schedule: LearningRateSchedule(peak: lora ? 3e-2 : 5e-2), maxGradNorm: 1, maxLag: 4,
                adapter: lora ? LoRAConfig(rank: 8, alpha: 16, targets: LoRATarget.allCases) : nil),
            store: store, checkpoints: try CheckpointStore(directory: directory.appendingPathComponent("checkpoint")))
        let generator = GeneratorService(
            topics: topics,
            settings: GeneratorSettings(
                samplesPerPrompt: 8, sampling: SamplingParameters(temperature: 1, maxNewTokens: 12, seed: 5), maxLag: 4),
            store: store)
        let scorer = ScorerService(topics: topics, scorerConfig: "letters", registry: TinyPolicy.toyRegistry)
        let trainer = TrainerService(topics: topics, settings: TrainerSettings(maxLag: 4), store: store)

        let bus = test.bus
        let stages = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await coordinator.run(bus: bus, base: { try TinyPolicy.base() }) }
                group.addTask { try await generator.run(bus: bus) }
                group.addTask { try await scorer.run(bus: bus) }
                group.addTask { try await trainer.run(bus: bus) }
                try await group.waitForAll()
            }
        }
        defer { stages.cancel() }

        // LoRA moves the policy more slowly (the head and norms stay frozen): it gets more waves.
        let waves = lora ? 20 : 12
        // Feed prompts in waves, each after the policy has moved on, as production traffic keeps arriving.
        var sent = 0
        for wave in 0..<waves {
            let prompts = (0..<8).map { i in
                PromptMessage(id: "w\(wave)-\(i)", task: "arithmetic", text: "\(wave)+\(i)=")
            }
            sent += prompts.count
            try await bus.publish(try prompts.map {
                OutgoingRecord(topic: topics.prompts.name, key: $0.id, value: try WireCodec.encode($0))
            })
            try await eventually("wave \(wave) scored", within: .seconds(60)) {
                test.values(topics.rollouts).count == sent
            }
            // Every rollout so far is applied or dropped before the next wave, which the newer policy samples.
            try await eventually("wave \(wave) trained on", within: .seconds(60)) {
                let done = coordinator.statistics
                return done.applied + done.stale + done.duplicates + trainer.staleDropped >= sent
            }
        }

        let rollouts = try test.values(topics.rollouts).map { try WireCodec.decode(RolloutMessage.self, from: $0) }
        let versions = Set(rollouts.map(\.candidates.policyVersion))
        #expect(versions.count >= 3, "generators sampled with several policy versions: \(versions.sorted())")
        func meanReward(_ waves: ClosedRange<Int>) -> Double {
            let scores = rollouts.filter { waves.contains(Int($0.id.dropFirst().prefix { $0 != "-" })!) }
                .flatMap(\.scores).map(\.total)
            return scores.reduce(0, +) / Double(scores.count)
        }
        let (early, late) = (meanReward(0...1), meanReward((waves - 2)...(waves - 1)))
        #expect(late > early + 0.1, "mean reward rose from \(early) to \(late)")
        #expect(coordinator.statistics.duplicates == 0)
        // 8 groups per wave, 4 updates per version: 2 versions per wave, each checkpointed before it was counted.
        try await eventually("the last version committed") { coordinator.statistics.versions == 2 * waves }
        let checkpoint = try #require(try CheckpointStore(directory: directory.appendingPathComponent("checkpoint")).load())
        #expect(checkpoint.version == 2 * waves)
        // Committed updates' gradient blobs are deleted; the newest policy's weights stay.
        let updates = try test.values(topics.updates).map { try WireCodec.decode(UpdateMessage.self, from: $0) }
        let gradientBlobs = updates.compactMap { update -> BlobID? in
            if case .blob(let sha256, _) = update.payload { return try? BlobID(sha256: sha256) }
            return nil
        }
        #expect(gradientBlobs.count == updates.count, "gradients this size travel by reference")
        // The coordinator deletes them just after acknowledging, which follows the commit the test saw counted.
        try await eventually("committed gradients deleted", within: .seconds(30)) {
            for blob in gradientBlobs where try await store.contains(blob) { return false }
            return true
        }
        #expect(try await store.contains(try BlobID(sha256: checkpoint.announcement.checksum)))
    }
}
