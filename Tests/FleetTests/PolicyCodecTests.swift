import Blobs
import Blocking
@testable import Fleet
import FleetRuntime
import Llama
import Tensors
import Testing

/// A policy published to the blob store comes back computing the same function: merged for generators, base +
/// adapter for trainers.
@Suite struct PolicyCodecTests {
    @Test(arguments: [false, true])
    func publishedPoliciesLoadBackIdentically(lora: Bool) async throws {
        let policy = try TinyPolicy.base()
        if lora {
            policy.model.attach(TrainedAdapter.make(for: TinyPolicy.config, seed: 3, bSeed: 9, bStd: 0.5))
        }
        let store = InMemoryBlobStore()
        let worker = BlockingWorker(label: "test")
        let announcement = try await PolicyCodec.publish(policy, version: 3, appliedUpdates: 1, store: store, worker: worker)
        #expect((announcement.adapter != nil) == lora)
        let tokens: [Int32] = [256, 72, 105, 33, 10, 65]
        let expected = policy.model.forward(tokens: tokens, B: 1, T: tokens.count)
        for trainable in [false, true] {
            let loaded = try await PolicyCodec.load(announcement, store: store, worker: worker, trainable: trainable)
            #expect(loaded.version == 3)
            #expect((loaded.model.adapter != nil) == (lora && trainable))
            let logits = loaded.model.forward(tokens: tokens, B: 1, T: tokens.count)
            let error = zip(logits, expected).map { abs($0 - $1) }.max()!
            #expect(error < 1e-4, "trainable \(trainable): logits differ by \(error)")
        }
        if lora {
            let base = policy.model.detach()
            let baseLogits = policy.model.forward(tokens: tokens, B: 1, T: tokens.count)
            #expect(zip(baseLogits, expected).map { abs($0 - $1) }.max()! > 1e-2, "the adapter changes the model")
            _ = base
        }
    }
}
