import Foundation
import Llama
import Testing

/// The engine against transformers' LlamaForCausalLM on the same weights: logits, loss, every gradient, and greedy
/// decoding through the KV cache.
@Suite struct TransformersGoldenTests {
    @Test(arguments: ["tiny-llama", "tiny-llama-tied"])
    func logitsLossAndEveryGradientMatch(folder: String) throws {
        let reference = try TransformersReference(folder)
        let (model, _) = try LlamaModel.load(from: reference.url)
        let (B, T) = (reference.scalars.batch, reference.scalars.seq)
        let tokens = try reference.inputIDs

        let logits = model.forward(tokens: tokens, B: B, T: T)
        let logitError = TransformersReference.relativeError(logits, try reference.tensors.floats("logits"))
        #expect(logitError < 1e-4, "logits differ from transformers' by \(logitError) relative")

        // transformers' labels=input_ids loss: predict token t+1 from position t; the last position has no target.
        let targets = (0..<B * T).map { i in (i % T == T - 1) ? Int32(-1) : tokens[i + 1] }
        let loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        #expect(abs(loss - reference.scalars.loss) < 1e-4 * reference.scalars.loss)
        model.zeroGradients()
        model.backward()
        for tensor in model.gradients.namedTensors() {
            let error = TransformersReference.relativeError(
                Array(tensor.buffer), try reference.tensors.floats("grad." + tensor.hfName))
            #expect(error < 1e-3, "gradient of \(tensor.hfName) differs by \(error) relative")
        }
    }

    @Test func greedyDecodingThroughTheKVCacheGivesTransformersTokens() throws {
        let reference = try TransformersReference("tiny-llama")
        let (model, _) = try LlamaModel.load(from: reference.url)
        let greedy = reference.scalars.greedy
        let cache = LlamaKVCache(config: model.config, B: 1, capacity: greedy.prompt_ids.count + greedy.max_new_tokens)
        var logits: [Float] = []
        var next = greedy.prompt_ids.map(Int32.init)
        var produced: [Int] = []
        var logProbs: [Float] = []
        let V = model.config.vocabSize
        for _ in 0..<greedy.max_new_tokens {
            model.forward(tokens: next, cache: cache, logits: &logits)
            let last = Array(logits[(logits.count - V)...])
            let best = last.indices.max { last[$0] < last[$1] }!
            let maximum = last[best]
            logProbs.append(maximum - maximum - log(last.map { exp($0 - maximum) }.reduce(0, +)))
            produced.append(best)
            next = [Int32(best)]
        }
        #expect(produced == greedy.new_tokens)
        #expect(zip(logProbs, greedy.logprobs).allSatisfy { abs($0 - $1) < 1e-4 })
    }

    /// BF16 and sharded copies of the same weights load to the same model (BF16 up to its rounding).
    @Test func bf16AndShardedCheckpointsLoadTheSameWeights() throws {
        let root = Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
        let (f32, _) = try LlamaModel.load(from: root.appendingPathComponent("tiny-llama"))
        let (sharded, _) = try LlamaModel.load(from: root.appendingPathComponent("tiny-llama-sharded"))
        let (bf16, _) = try LlamaModel.load(from: root.appendingPathComponent("tiny-llama-bf16"))
        #expect(Array(f32.parameters.arena.buffer) == Array(sharded.parameters.arena.buffer))
        for (exact, rounded) in zip(f32.parameters.arena.buffer, bf16.parameters.arena.buffer) {
            #expect(abs(exact - rounded) <= abs(exact) / 128)  // bfloat16 keeps 8 significant bits
        }
    }

    /// load → save → load gives identical tensors, config and tokenizer.
    @Test func aHuggingFaceDirectoryRoundTrips() throws {
        let source = try TransformersReference("tiny-llama").url
        let directory = try HFModelDirectory(url: source)
        let model = try LlamaModel(directory: directory)
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tao-roundtrip-\(UUID())")
        defer { try? FileManager.default.removeItem(at: copy) }
        try model.save(to: copy, tokenizerJSON: try #require(directory.tokenizerJSON))
        let reloaded = try HFModelDirectory(url: copy)
        #expect(reloaded.config == directory.config)
        #expect(reloaded.tokenizerJSON == directory.tokenizerJSON)
        for name in directory.weights.tensorNames {
            #expect(try reloaded.weights.floats(name) == directory.weights.floats(name), "\(name)")
        }
        #expect(Set(reloaded.weights.tensorNames) == Set(directory.weights.tensorNames))
    }
}
