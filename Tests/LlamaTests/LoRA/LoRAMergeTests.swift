import Testing
import Tensors
@testable import Llama

/// What the adapter computes: nothing at initialisation, the same as merged weights after.
@Suite struct LoRAMergeTests {
    let config = TinyModels.config()
    let B = 2, T = 6

    @Test func peftInitialisationLeavesTheLogitsExactlyUnchanged() {
        let model = TinyModels.model(config)
        let tokens = TinyModels.tokens(B: B, T: T, V: config.vocabSize, seed: 1)
        let base = model.forward(tokens: tokens, B: B, T: T)
        let adapter = TinyAdapters.adapter(for: model, bStd: nil)
        let a = adapter.parameters[0, .q]!.a, inFeatures = config.hiddenSize
        let bound = 1 / Float(inFeatures).squareRoot()
        let firstA = (0..<(3 * inFeatures)).map { a[$0] }
        #expect(firstA.allSatisfy { abs($0) <= bound } && firstA.contains { abs($0) > bound / 2 },
                "A ~ U(−1/√in, 1/√in)")
        model.attach(adapter)
        #expect(model.forward(tokens: tokens, B: B, T: T) == base)
    }

    @Test func mergedWeightsComputeTheAdaptedModel() {
        let model = TinyModels.model(config)
        let tokens = TinyModels.tokens(B: B, T: T, V: config.vocabSize, seed: 2)
        let base = model.forward(tokens: tokens, B: B, T: T)
        model.attach(TinyAdapters.adapter(for: model))
        let adapted = model.forward(tokens: tokens, B: B, T: T)
        #expect(TinyAdapters.relativeError(adapted, base) > 1e-2, "the adapter must change the logits")

        let copy = model.mergedCopy()
        #expect(copy.adapter == nil)
        #expect(TinyAdapters.relativeError(copy.forward(tokens: tokens, B: B, T: T), adapted) < 1e-5)
        #expect(model.forward(tokens: tokens, B: B, T: T) == adapted, "mergedCopy leaves the model as it was")

        model.mergeAdapter()
        #expect(model.adapter == nil)
        #expect(TinyAdapters.relativeError(model.forward(tokens: tokens, B: B, T: T), adapted) < 1e-5)
    }

    @Test func onlyTargetedWeightsChangeWhenMerging() {
        let model = TinyModels.model(config)
        let original = LlamaParameters(zeroedFor: config)
        original.arena.copy(from: model.parameters.arena)
        model.attach(TinyAdapters.adapter(for: model, config: LoRAConfig(rank: 2, alpha: 4, targets: [.v, .down])))
        model.mergeAdapter()
        for ((name, _, merged), (_, _, base)) in zip(model.parameters.namedTensors(), original.namedTensors()) {
            let targeted = name.hasSuffix("v_proj.weight") || name.hasSuffix("down_proj.weight")
            #expect((Array(merged) != Array(base)) == targeted, "\(name)")
        }
    }

    @Test func adamWOnTheAdapterLowersTheLoss() {
        let model = TinyModels.model(config)
        let adapter = TinyAdapters.adapter(for: model, config: LoRAConfig(rank: 4, alpha: 8), bStd: nil)
        model.attach(adapter)
        let optimizer = AdamW(layout: adapter.parameters.arena.layout, weightDecay: 0)
        let tokens = TinyModels.tokens(B: 2, T: 8, V: config.vocabSize, seed: 5)
        let targets = TinyModels.shiftedTargets(tokens, B: 2, T: 8)
        var losses: [Float] = []
        for _ in 0..<20 {
            losses.append(model.loss(tokens: tokens, targets: targets, B: 2, T: 8))
            model.zeroGradients()
            model.backward()
            GradientClipping.clipByGlobalNorm(adapter.gradients.arena, maxNorm: 1)
            optimizer.step(parameters: adapter.parameters.arena, gradients: adapter.gradients.arena,
                           learningRate: 2e-2)
        }
        #expect(losses.last! < 0.8 * losses.first!, "losses: \(losses)")
    }
}
