import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Foundation
import Kafka
import Llama
import Messages
import Tensors

/// A run on the in-memory cluster with a published tiny policy v0, for feeding stages records that any producer
/// could send, and reading back what the stages made of them.
struct PoisonFixture {
    let test = TestBus()
    let store = InMemoryBlobStore()
    let worker = BlockingWorker(label: "poison-test")
    var topics: FleetTopics { test.topics }
    var bus: KafkaBus<InMemoryKafkaConsumer> { test.bus }
    /// Retries fast, so tests of give-up paths take milliseconds.
    static let quickRetry = RetryPolicy(attempts: 2, initialDelay: .milliseconds(10), maxDelay: .milliseconds(10))

    /// Publishes `policy` as version `version` on the policy topic; returns its announcement.
    @discardableResult
    func announce(_ policy: LoadedPolicy, version: Int) async throws -> PolicyAnnouncement {
        let announcement = try await PolicyCodec.publish(policy, version: version, appliedUpdates: 0, store: store, worker: worker)
        try await publish(announcement, to: topics.policy, key: announcement.id)
        return announcement
    }

    func publish<M: WireMessage>(_ message: M, to topic: FleetTopics.Topic, key: String = "k") async throws {
        try await bus.publish([OutgoingRecord(topic: topic.name, key: key, value: try WireCodec.encode(message))])
    }

    func publish(raw bytes: [UInt8], to topic: FleetTopics.Topic, key: String = "k") async throws {
        try await bus.publish([OutgoingRecord(topic: topic.name, key: key, value: bytes)])
    }

    var deadLetters: [DeadLetterMessage] {
        get throws { try test.values(topics.deadLetter).map { try WireCodec.decode(DeadLetterMessage.self, from: $0) } }
    }

    /// A well-formed rollout of `promptID` sampled at `version` with the tiny policy's byte tokens.
    static func rollout(
        _ promptID: String, version: Int = 0, rewards: [Double] = [1, 0], logProb: Float = -1.5
    ) -> RolloutMessage {
        let prompt = PromptMessage(id: promptID, task: "arithmetic", text: "1+1=")
        let samples = rewards.indices.map { i in
            CandidatesMessage.Sample(
                index: i, tokens: [50 + i, 10], rolloutLogProbs: [logProb, logProb], text: "\(i)\n", finishReason: "eos")
        }
        let candidates = CandidatesMessage(prompt: prompt, policyVersion: version, promptTokens: [256, 49, 43, 49, 61], samples: samples)
        return RolloutMessage(candidates: candidates, scores: rewards.map { .init(total: $0) }, scorer: "test")
    }

    /// A full-parameter update of the tiny policy for `rolloutIDs` at `baseVersion`, its gradients filled by `fill`.
    func update(
        rolloutIDs: [String], baseVersion: Int, fill: (UnsafeMutableBufferPointer<Float>) -> Void = { g in
            for i in g.indices { g[i] = Float((i % 7) - 3) * 1e-3 }
        }
    ) async throws -> UpdateMessage {
        let gradients = TensorArena(layout: LlamaParameters.layout(for: TinyPolicy.config))
        fill(gradients.buffer)
        let id = DeterministicID.update(baseVersion: baseVersion, rolloutIDs: rolloutIDs)
        let bytes = try GradientCodec.encode(gradients, update: id)
        let blob = try await store.put(bytes)
        return UpdateMessage(
            id: id, baseVersion: baseVersion, kind: .fullGradients, payload: .blob(sha256: blob.sha256, size: bytes.count),
            rolloutIDs: rolloutIDs, stats: [:])
    }

    func coordinator(
        directory: URL, maxLag: Int = 4, learningRate: Float = 1e-2, maxGradNorm: Float = 1,
        retention: BlobRetention = .keepAll, dedupeVersions: Int? = nil,
        promotedVersions: (@Sendable () async throws -> Set<Int>)? = nil
    ) throws -> CoordinatorService {
        var settings = CoordinatorSettings(
            updatesPerVersion: 1, schedule: LearningRateSchedule(peak: learningRate), maxGradNorm: maxGradNorm,
            maxLag: maxLag, retention: retention)
        if let dedupeVersions { settings.dedupeVersions = dedupeVersions }
        return CoordinatorService(
            topics: topics, settings: settings,
            store: store, checkpoints: try CheckpointStore(directory: directory), retry: Self.quickRetry,
            promotedVersions: promotedVersions)
    }
}

extension LoadedPolicy {
    /// Every weight of the policy, for comparing versions exactly.
    var weights: [Float] { Array(model.parameters.arena.buffer) }
}

func temporaryDirectory() -> URL {
    FileManager.default.temporaryDirectory.appendingPathComponent("tao-poison-\(UUID())")
}
