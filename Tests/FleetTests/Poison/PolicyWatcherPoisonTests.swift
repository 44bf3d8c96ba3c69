import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Foundation
import Llama
import Messages
import TestSupport
import Testing

/// Announcements that cannot be loaded used to wedge generators and trainers: the version counted as announced
/// before it was loaded, and a failed load was never retried, so one bogus announcement of a high version left the
/// stage waiting forever while `/readyz` said ready.
@Suite struct PolicyWatcherPoisonTests {
    @Test func unloadableAnnouncementsAreDeadLetteredAndTheGeneratorKeepsWorking() async throws {
        let fixture = PoisonFixture()
        let base = try await fixture.announce(try TinyPolicy.base(), version: 0)
        // A high version whose weights are nowhere, one whose checksum lies, and a record that is no announcement.
        var nowhere = base
        nowhere.version = 1000
        nowhere.weights = .blob(sha256: String(repeating: "f", count: 64), size: base.size)
        nowhere.checksum = String(repeating: "f", count: 64)
        try await fixture.publish(nowhere, to: fixture.topics.policy)
        var lying = base
        lying.version = 999
        lying.weights = .inline(Array(repeating: 0, count: 64))
        lying.size = 64
        try await fixture.publish(lying, to: fixture.topics.policy)
        try await fixture.publish(raw: Array("{\"schema\":\"tao.policy/1\",\"version\":-5}".utf8), to: fixture.topics.policy)

        let generator = GeneratorService(
            topics: fixture.topics,
            settings: GeneratorSettings(samplesPerPrompt: 2, sampling: SamplingParameters(maxNewTokens: 4, seed: 1), maxLag: 4),
            store: fixture.store, retry: PoisonFixture.quickRetry)
        let running = Task { try await generator.run(bus: fixture.bus) }
        defer { running.cancel() }
        let lag = PolicyLag(maxLag: 4)
        try await fixture.publish(PromptMessage(id: "p1", task: "arithmetic", text: "1+2="), to: fixture.topics.prompts)
        try await eventually("the prompt sampled with v0", within: .seconds(30)) {
            !fixture.test.values(fixture.topics.candidates).isEmpty
        }
        let candidates = try WireCodec.decode(CandidatesMessage.self, from: fixture.test.values(fixture.topics.candidates)[0])
        #expect(candidates.policyVersion == 0)
        #expect(generator.holder.unreadiness { lag.accepts($0, newest: $1) } == nil, "ready: v0 is usable")
        #expect(generator.holder.newestAnnounced == 0, "the unloadable versions are withdrawn")
        #expect(generator.holder.failedLoads >= 3, "v1000 tried twice, v999 once (a checksum cannot change)")
        try await eventually("three dead letters") { try fixture.deadLetters.count == 3 }
        let reasons = try fixture.deadLetters.map(\.reason)
        #expect(reasons.contains { $0.contains("policy v1000 cannot be loaded") && $0.contains("is not in memory") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("policy v999 cannot be loaded") && $0.contains("checksum") }, "\(reasons)")
        #expect(reasons.contains { $0.contains("malformed tao.policy/1") }, "\(reasons)")

        // A good newer version still gets loaded after all that.
        try await fixture.announce(try TinyPolicy.base(seed: 2), version: 1)
        try await eventually("v1 loaded") { generator.holder.currentVersion == 1 }
    }

    /// While the newest announced version cannot be had yet, the stage is not ready and says why.
    @Test func readinessSaysWhyAStageIsWaiting() throws {
        let holder = PolicyHolder<Int>()
        let lag = PolicyLag(maxLag: 1)
        #expect(holder.unreadiness { lag.accepts($0, newest: $1) } == "no policy version loaded yet")
        holder.install(0, version: 0)
        #expect(holder.unreadiness { lag.accepts($0, newest: $1) } == nil)
        holder.announced(7)
        holder.loadFailed(7, reason: "blob gone")
        let reason = try #require(holder.unreadiness { lag.accepts($0, newest: $1) })
        #expect(reason.contains("v0 is loaded but v7 is announced") && reason.contains("blob gone"))
        holder.withdraw(7)
        #expect(holder.unreadiness { lag.accepts($0, newest: $1) } == nil)
    }

    /// The LoRA path with a cached base used to build a model from the announcement's config and copy the cached
    /// base into it unchecked: a smaller config was a heap overflow. Now the cache only serves its own config, and
    /// the base is checked against any other.
    @Test func aCachedBaseIsNeverCopiedIntoAModelOfAnotherConfig() async throws {
        let policy = try TinyPolicy.base()
        policy.model.attach(TrainedAdapter.make(for: TinyPolicy.config, seed: 3, bSeed: 9, bStd: 0.1))
        let store = InMemoryBlobStore()
        let worker = BlockingWorker(label: "test")
        let announcement = try await PolicyCodec.publish(policy, version: 1, appliedUpdates: 0, store: store, worker: worker)
        let cache = PolicyBaseCache()
        _ = try await PolicyCodec.load(announcement, store: store, worker: worker, trainable: true, baseCache: cache)
        var smaller = announcement
        var config = TinyPolicy.config
        config.hiddenSize = 16
        smaller.config = String(decoding: try config.jsonData(), as: UTF8.self)
        let error = await #expect(throws: (any Error).self) {
            try await PolicyCodec.load(smaller, store: store, worker: worker, trainable: true, baseCache: cache)
        }
        #expect("\(error!)".contains("hidden") || "\(error!)".contains("shape"), "\(error!)")
        // A config too large to hold is refused before anything is allocated.
        var enormous = announcement
        config = TinyPolicy.config
        config.vocabSize = 1 << 40
        enormous.config = String(decoding: try config.jsonData(), as: UTF8.self)
        await #expect(throws: PolicyError.self) {
            try await PolicyCodec.load(enormous, store: store, worker: worker, trainable: true, baseCache: cache)
        }
    }
}
