import Foundation
import Llama
import ModelCatalog
import Tasks
import TestSupport
import Testing
import Tuning

/// The CI-sized real-model run: TAO on SmolLM2-135M-Instruct through the four services on the embedded broker, as
/// `tao experiment compare --model` runs it — chat-posed document QA, LoRA over the frozen base, F16 sampling — for
/// a handful of versions. It asserts that the pipeline works end to end on the real model, not that quality rises
/// (docs/results.md has the quality runs).
@Suite(.serialized) struct RealModelTuningTests {
    @Test func loraTAOOnSmolLM2RunsThroughTheFleetAndPublishesTheBaseOnce() async throws {
        let file = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        let task = DocumentQATask(difficulty: .easy, posing: .chat)
        let prompts = task.prompts(count: 8, seed: 2)
        #expect(prompts.allSatisfy { $0.messages?.count == 1 })
        var settings = TuningSettings(
            runId: "real-\(UInt32.random(in: 0...UInt32.max))", samplesPerPrompt: 4, maxNewTokens: 16,
            learningRate: 1e-3, warmupSteps: 0, updatesPerVersion: 2, maxLag: 4, promptsInFlight: 4,
            adapter: LoRAConfig(rank: 4, alpha: 8), decodePrecision: .f16)
        settings.temperature = 1
        let fleet = try await EmbeddedFleet.start(runId: settings.runId)
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-real-\(UUID())")
        defer { try? FileManager.default.removeItem(at: work) }
        // Large enough never to evict: what it holds at the end is everything the run published.
        let store = RecentBlobStore(capacityBytes: 8 << 30)
        let run = TuningRun(settings: settings, store: store, checkpointDirectory: work.appendingPathComponent("ckpt"))
        let outcome: TuningOutcome
        do {
            outcome = try await run.run(
                base: { try LoadedPolicy(path: file) }, prompts: prompts, budget: TuningBudget(prompts: prompts.count),
                bus: fleet.bus, progressInterval: .seconds(5))
            await fleet.shutdown()
        } catch {
            await fleet.shutdown()
            throw error
        }

        #expect(outcome.progress.promptsSent == 8 && outcome.progress.promptsDone == 8)
        #expect(outcome.progress.version == 4, "8 groups, 2 per version")
        #expect(outcome.rewardByVersion.map(\.groups).reduce(0, +) == 8, "every chat group was scored")

        // LoRA on q/k/v/o over a frozen base: the merged policy moved the attention projections, nothing else.
        let base = try LoadedPolicy(path: file)
        let tuned = outcome.policy
        func tensor(_ policy: LoadedPolicy, _ name: String) throws -> [Float] {
            let view = try #require(policy.model.parameters.namedTensors().first { $0.hfName == name })
            return Array(view.buffer)
        }
        let q = "model.layers.0.self_attn.q_proj.weight", gate = "model.layers.0.mlp.gate_proj.weight"
        #expect(try tensor(tuned, q) != tensor(base, q), "the adapter was trained and merged")
        #expect(try tensor(tuned, gate) == tensor(base, gate), "the base stays frozen outside the adapter")
        #expect(try tensor(tuned, "model.norm.weight") == tensor(base, "model.norm.weight"))

        // The base was published once (F32: 4 bytes a parameter), not with every version.
        let baseBytes = base.model.parameters.arena.count * 4
        #expect(store.storedBytes < baseBytes + baseBytes / 4, "\(store.storedBytes) bytes stored for a \(baseBytes)-byte base")

        // The tuned policy saves as a directory that loads back with the same chat template and weights.
        let saved = work.appendingPathComponent("tuned")
        try tuned.save(to: saved)
        let reloaded = try LoadedPolicy(path: saved)
        #expect(reloaded.tokenizerConfig.chatTemplate == base.tokenizerConfig.chatTemplate)
        #expect(reloaded.tokenizerConfig.eosToken == base.tokenizerConfig.eosToken)
        #expect(reloaded.model.parameters.arena.checksum() == tuned.model.parameters.arena.checksum())
    }
}
