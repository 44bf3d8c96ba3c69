import Blobs
import Evaluation
import Experiments
import Fleet
import Foundation
import Kafka
import Llama
import Synchronization
import Tasks
import TestSupport
import Testing
import Tuning

/// The TAO loop in-process on an in-memory cluster with a tiny warm-started arithmetic model: it completes its
/// budget, commits new versions, and returns a tuned policy that saves and loads as a Hugging Face directory.
@Suite struct TuningRunTests {
    @Test func aShortRunProducesATunedPolicyThatLoads() async throws {
        let task = ArithmeticTask(difficulty: .easy)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tao-tuning-\(UUID())")
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart(steps: 20))
        let policy0 = LoadedPolicy(
            version: 0, model: base, tokenizer: ByteTokenizer(),
            tokenizerJSON: [UInt8](try ByteTokenizer().tokenizerJSON()))
        let settings = TuningSettings(
            runId: "t", samplesPerPrompt: 4, maxNewTokens: 6, learningRate: 1e-2, warmupSteps: 0,
            updatesPerVersion: 2, maxLag: 4, promptsInFlight: 4)
        let run = TuningRun(
            settings: settings, store: RecentBlobStore(capacityBytes: 64 << 20),
            checkpointDirectory: directory.appendingPathComponent("checkpoint"))
        let cluster = InMemoryKafkaCluster(topics: run.topics)
        let prompts = task.prompts(count: 12, seed: 2)

        let reports = ProgressLog()
        let snapshots = SnapshotLog()
        let outcome = try await run.run(
            base: { policy0 },
            prompts: prompts, budget: TuningBudget(prompts: 12), bus: KafkaBus.inMemory(cluster),
            progressInterval: .milliseconds(50), snapshots: TuningSnapshots(every: 2, save: snapshots.append),
            progress: reports.append)
        let (policy, final) = (outcome.policy, outcome.progress)

        #expect(final.promptsSent == 12 && final.promptsDone == 12)
        #expect(final.version == 6, "12 groups, 2 per version")
        #expect(final.recentReward != nil)
        #expect(policy.version == final.version)
        #expect(reports.last == final)
        // Snapshots: increasing versions at least 2 apart, ending with the final policy.
        let versions = snapshots.versions
        #expect(versions.last == final.version)
        #expect(zip(versions, versions.dropFirst()).allSatisfy { $1 >= $0 + 1 })
        #expect(zip(versions.dropLast(), versions.dropFirst().dropLast()).allSatisfy { $1 >= $0 + 2 })
        // Every applied group was sampled from some version ≤ the final one, and all 12 are counted.
        #expect(outcome.rewardByVersion.map(\.groups).reduce(0, +) == 12)
        #expect(outcome.rewardByVersion.allSatisfy { $0.version <= final.version })
        let saved = directory.appendingPathComponent("tuned")
        try policy.model.save(to: saved, tokenizerJSON: Data(policy.tokenizerJSON))
        let (loaded, _) = try LlamaModel.load(from: saved)
        #expect(loaded.config == TinyModels.config)
        #expect(loaded.parameters.arena.checksum() == policy.model.parameters.arena.checksum())
    }
}

/// Progress snapshots collected from the run's callback.
final class ProgressLog: Sendable {
    private let entries = Mutex<[TuningProgress]>([])
    var last: TuningProgress? { entries.withLock { $0.last } }
    func append(_ progress: TuningProgress) { entries.withLock { $0.append(progress) } }
}

final class SnapshotLog: Sendable {
    private let entries = Mutex<[Int]>([])
    var versions: [Int] { entries.withLock { $0 } }
    func append(_ policy: LoadedPolicy) { entries.withLock { $0.append(policy.version) } }
}

/// The in-process run's blob store: bounded, but never so tight that it drops a model's weights before they are
/// read, and never dropping a pinned blob (a LoRA run's base).
@Suite struct RecentBlobStoreTests {
    @Test func evictsTheOldestButKeepsPinnedBlobsAndRoomForTwoOfTheLargest() async throws {
        let store = RecentBlobStore(capacityBytes: 100)
        let big = try await store.put([UInt8](repeating: 1, count: 300))
        let next = try await store.put([UInt8](repeating: 2, count: 200))
        #expect(try await store.contains(big), "a budget below twice the largest blob grows to it")
        #expect(store.pin(big))
        for i in 0..<10 { _ = try await store.put([UInt8](repeating: UInt8(10 + i), count: 200)) }
        #expect(try await store.contains(big), "pinned")
        #expect(try await !store.contains(next), "evicted: the oldest unpinned blob")
        #expect(store.storedBytes <= 300 + 600)
        try await store.remove(big)
        #expect(try await !store.contains(big))
        #expect(!store.pin(big), "nothing to pin")
    }
}
