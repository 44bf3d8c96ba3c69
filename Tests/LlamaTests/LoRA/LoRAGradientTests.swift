import Testing
import Tensors
@testable import Llama

/// The adapted model's backward against central differences, and the frozen base.
@Suite struct LoRAGradientTests {
    @Test(arguments: [(4, 2, false), (4, 1, true)])
    func everyAdapterTensorMatchesFiniteDifferences(H: Int, Hkv: Int, tied: Bool) {
        let config = TinyModels.config(H: H, Hkv: Hkv, tied: tied)
        let model = TinyModels.model(config)
        let adapter = TinyAdapters.adapter(for: model)
        model.attach(adapter)
        let (B, T) = (2, 5)
        let tokens = TinyModels.tokens(B: B, T: T, V: config.vocabSize, seed: 7)
        var targets = TinyModels.shiftedTargets(tokens, B: B, T: T)
        targets[2] = -1
        // Per-position weights, as a policy-gradient loss gives them (negative ones included).
        let weights: [Float] = (0..<(B * T)).map { Float($0 % 3) - 0.7 }
        func loss() -> Double {
            let losses = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
            return zip(losses, weights).map { Double($0) * Double($1) }.reduce(0, +)
        }
        model.zeroGradients()
        _ = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
        model.backward(lossWeights: weights)

        let tensors = adapter.parameters.namedTensors()
        #expect(tensors.count == config.numHiddenLayers * LoRATarget.allCases.count * 2)
        for ((name, _, x), (_, _, g)) in zip(tensors, adapter.gradients.namedTensors()) {
            GradientCheck.expectMatches(name, x: x.baseAddress!, analytic: g.baseAddress!, count: x.count,
                                        samples: 8, eps: 1e-2, rtol: 2e-2, atol: 2e-3, loss: loss)
        }
    }

    @Test func theBaseIsFrozenWhileAnAdapterIsAttached() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let before = model.parameters.arena.checksum()
        model.gradients.arena.zero()  // allocate the base gradients, so a stray write would show
        let adapter = TinyAdapters.adapter(for: model)
        model.attach(adapter)
        let tokens = TinyModels.tokens(B: 2, T: 6, V: config.vocabSize, seed: 4)
        let targets = TinyModels.shiftedTargets(tokens, B: 2, T: 6)
        model.zeroGradients()
        _ = model.loss(tokens: tokens, targets: targets, B: 2, T: 6)
        model.backward()
        #expect(model.gradients.arena.sumOfSquares() == 0, "no base gradient may be written")
        #expect(adapter.gradients.arena.sumOfSquares() > 0)
        let optimizer = AdamW(layout: adapter.parameters.arena.layout)
        optimizer.step(parameters: adapter.parameters.arena, gradients: adapter.gradients.arena, learningRate: 0.1)
        #expect(model.parameters.arena.checksum() == before, "training the adapter leaves the base weights alone")
    }

    @Test func zeroGradientsClearsTheAdapterGradientsWhileAttached() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let adapter = TinyAdapters.adapter(for: model)
        model.attach(adapter)
        let tokens = TinyModels.tokens(B: 1, T: 4, V: config.vocabSize, seed: 3)
        _ = model.loss(tokens: tokens, targets: TinyModels.shiftedTargets(tokens, B: 1, T: 4), B: 1, T: 4)
        model.backward()
        let once = adapter.gradients.arena.sumOfSquares()
        model.backward()
        #expect(abs(adapter.gradients.arena.sumOfSquares() / once - 4) < 1e-4, "backward accumulates")
        model.zeroGradients()
        #expect(adapter.gradients.arena.sumOfSquares() == 0)
    }

    @Test func detachingRestoresTheBaseModelAndItsGradients() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let tokens = TinyModels.tokens(B: 1, T: 5, V: config.vocabSize, seed: 9)
        let targets = TinyModels.shiftedTargets(tokens, B: 1, T: 5)
        let baseLogits = model.forward(tokens: tokens, B: 1, T: 5)
        let adapter = TinyAdapters.adapter(for: model)
        model.attach(adapter)
        #expect(model.forward(tokens: tokens, B: 1, T: 5) != baseLogits)
        #expect(model.detach() === adapter)
        #expect(model.forward(tokens: tokens, B: 1, T: 5) == baseLogits)
        model.zeroGradients()
        _ = model.loss(tokens: tokens, targets: targets, B: 1, T: 5)
        model.backward()
        #expect(model.gradients.arena.sumOfSquares() > 0, "the base trains again once detached")
    }
}
