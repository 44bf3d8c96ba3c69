import Blobs
import Blocking
import Fleet
import Foundation
import Kafka
import Llama
import Messages

extension FleetBenchmark {
    /// The rounds through the four stage services on the embedded broker, in this process: every hop is a Kafka
    /// message, every policy version goes through the blob store and is reloaded by the generator and the trainer.
    /// Timed from publishing the prompts to the coordinator having applied every group, after a warm-up round that
    /// lets the consumer groups form.
    public func runFleet() async throws -> Result {
        let broker = try EmbeddedBroker(brokers: 1)
        let topics = FleetTopics(runId: "bench-\(UUID().uuidString.prefix(8))")
        try await broker.createTopics(topics.all.map { KafkaTopicSpec(name: $0.name, partitions: $0.partitions) })
        let bus = try KafkaBus.connect(
            KafkaConfiguration(bootstrapServers: broker.bootstrapServers),
            consumerTemplate: KafkaConsumerConfiguration(
                groupId: "", topics: [], sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1),
                fetchWaitMax: .milliseconds(20), pollTimeout: .milliseconds(20)))
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("tao-bench-fleet-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let store = try DirectoryBlobStore(root: scratch.appendingPathComponent("blobs"))
        // One compute queue for the three model-holding stages, as the direct loop has: the difference measured is
        // then Kafka, encoding, the blob store and policy reloads, not three models fighting over two cores.
        let worker = BlockingWorker(label: "tao.bench.model")
        let coordinator = CoordinatorService(
            topics: topics,
            settings: CoordinatorSettings(
                updatesPerVersion: updatesPerVersion, schedule: LearningRateSchedule(peak: Self.learningRate),
                maxGradNorm: 1, maxLag: 1_000, adapter: adapter),
            store: store, checkpoints: try CheckpointStore(directory: scratch.appendingPathComponent("checkpoint")),
            worker: worker)
        let generator = GeneratorService(
            topics: topics,
            settings: GeneratorSettings(
                samplesPerPrompt: samplesPerPrompt, sampling: sampling, maxLag: 1_000,
                decodePrecision: decodePrecision),
            store: store, worker: worker)
        let scorer = ScorerService(topics: topics, scorerConfig: "verifier")
        let trainer = TrainerService(
            topics: topics, settings: TrainerSettings(maxLag: 1_000), store: store, worker: worker)
        let base = try base()
        let stages = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await coordinator.run(bus: bus, base: { base }) }
                group.addTask { try await generator.run(bus: bus) }
                group.addTask { try await scorer.run(bus: bus) }
                group.addTask { try await trainer.run(bus: bus) }
                try await group.waitForAll()
            }
        }
        func processed() -> Int {
            let done = coordinator.statistics
            return done.applied + done.stale + done.duplicates + trainer.staleDropped
        }
        func feed(_ prompts: [PromptMessage]) async throws {
            try await bus.publish(try prompts.map {
                OutgoingRecord(topic: topics.prompts.name, key: $0.id, value: try WireCodec.encode($0))
            })
        }
        do {
            let warmUp = taskPrompts(seed: 1, count: updatesPerVersion)
            try await feed(warmUp)
            try await waitUntil("the warm-up round", within: .seconds(600)) { processed() >= warmUp.count }
            let (tokensBefore, versionsBefore) = (generator.generatedTokens, coordinator.statistics.versions)
            let clock = ContinuousClock()
            let start = clock.now
            try await feed(taskPrompts(seed: 2, count: prompts))
            try await waitUntil("the measured rounds", within: .seconds(600)) { processed() >= warmUp.count + prompts }
            let seconds = (clock.now - start) / .seconds(1)
            let measured = result(
                "fleet", seconds: seconds, newTokens: generator.generatedTokens - tokensBefore,
                versions: coordinator.statistics.versions - versionsBefore)
            stages.cancel()
            _ = await stages.result
            try await bus.close()
            await broker.shutdown()
            return measured
        } catch {
            stages.cancel()
            _ = await stages.result
            await broker.shutdown()
            throw error
        }
    }

    /// Polls `condition` every 10 ms until it holds, or throws after `limit`.
    private func waitUntil(_ what: String, within limit: Duration, _ condition: () -> Bool) async throws {
        let clock = ContinuousClock()
        let end = clock.now + limit
        while !condition() {
            guard clock.now < end else { throw FleetBenchmarkError.timedOut(waitingFor: what, limit: limit) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}
