import Testing
import Tensors
@testable import Llama

/// The whole model's backward against central differences of the loss, for every parameter tensor.
@Suite struct ModelGradientTests {
    @Test(arguments: [(4, 2, false), (4, 2, true), (4, 4, false), (4, 1, true)])
    func everyParameterTensor(H: Int, Hkv: Int, tied: Bool) {
        let config = TinyModels.config(H: H, Hkv: Hkv, tied: tied)
        let model = TinyModels.model(config)
        let (B, T) = (2, 5)
        let tokens = TinyModels.tokens(B: B, T: T, V: config.vocabSize, seed: 7)
        var targets = TinyModels.shiftedTargets(tokens, B: B, T: T)
        targets[2] = -1  // an ignored position mid-sequence
        // The loss again, accumulated in Double from the per-position losses.
        func loss() -> Double {
            let losses = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
            let valid = targets.indices.filter { targets[$0] >= 0 }
            return valid.map { Double(losses[$0]) }.reduce(0, +) / Double(valid.count)
        }
        let meanLoss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        #expect(abs(Double(meanLoss) - loss()) < 1e-5)
        model.zeroGradients()
        _ = model.loss(tokens: tokens, targets: targets, B: B, T: T)
        model.backward()

        let gradients = model.gradients.namedTensors()
        #expect(gradients.count == model.parameters.namedTensors().count)
        #expect(tied == !gradients.contains { $0.hfName == "lm_head.weight" })
        for ((name, _, weights), (_, _, grads)) in zip(model.parameters.namedTensors(), gradients) {
            GradientCheck.expectMatches(name, x: weights.baseAddress!, analytic: grads.baseAddress!,
                                        count: weights.count, samples: 8, eps: 1e-2, rtol: 2e-2, atol: 2e-3,
                                        loss: loss)
        }
    }

    @Test func perPositionLossWeightsGiveTheWeightedGradient() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let (B, T) = (1, 4)
        let tokens = TinyModels.tokens(B: B, T: T, V: config.vocabSize, seed: 3)
        let targets: [Int32] = [5, 1, 12, -1]
        let weights: [Float] = [0.5, -2, 1, 7]  // the ignored position's weight must not matter
        func loss() -> Double {
            let losses = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
            return zip(losses, weights).map { Double($0) * Double($1) }.reduce(0, +)
        }
        model.zeroGradients()
        _ = model.tokenLosses(tokens: tokens, targets: targets, B: B, T: T)
        model.backward(lossWeights: weights)
        let name = "model.layers.1.self_attn.k_proj.weight"
        let view = model.parameters.arena.layout[name]!
        GradientCheck.expectMatches(name, x: model.parameters.arena[view], analytic: model.gradients.arena[view],
                                    count: view.count, samples: 16, loss: loss)
    }

    @Test func backwardAccumulatesUntilZeroed() {
        let config = TinyModels.config()
        let model = TinyModels.model(config)
        let tokens = TinyModels.tokens(B: 1, T: 4, V: config.vocabSize, seed: 3)
        let targets = TinyModels.shiftedTargets(tokens, B: 1, T: 4)
        model.zeroGradients()
        _ = model.loss(tokens: tokens, targets: targets, B: 1, T: 4)
        model.backward()
        let once = model.gradients.arena.sumOfSquares()
        model.backward()
        #expect(abs(model.gradients.arena.sumOfSquares() / once - 4) < 1e-4)
        model.zeroGradients()
        #expect(model.gradients.arena.sumOfSquares() == 0)
    }
}
