import Foundation
import Testing
import Tensors
@testable import Llama

@Suite struct TrainingTests {
    func arenas() -> (TensorArena, TensorArena) {
        var layout = ArenaLayout()
        layout.add("w", [2])
        layout.add("norm", [1])
        let params = TensorArena(layout: layout), grads = TensorArena(layout: layout)
        params["w"][0] = 1; params["w"][1] = -2; params["norm"][0] = 0.5
        grads["w"][0] = 0.1; grads["w"][1] = -0.3; grads["norm"][0] = 2
        return (params, grads)
    }

    @Test func adamWMatchesTwoHandComputedSteps() {
        let (params, grads) = arenas()
        let optimizer = AdamW(layout: params.layout, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: 0.1,
                              decays: { $0.name != "norm" })
        let lr: Float = 0.01
        optimizer.step(parameters: params, gradients: grads, learningRate: lr)
        // Step 1: m̂ = g, v̂ = g², so the update is lr·g/(|g|+ε) = lr·sign(g), plus decay lr·λ·p.
        #expect(abs(params["w"][0] - (1 * (1 - 0.001) - 0.01)) < 1e-6)
        #expect(abs(params["w"][1] - (-2 * (1 - 0.001) + 0.01)) < 1e-6)
        #expect(abs(params["norm"][0] - (0.5 - 0.01)) < 1e-6, "no decay on the norm")
        // Step 2 with the same gradient g = 0.1 for w[0]:
        let p1 = Double(params["w"][0])
        optimizer.step(parameters: params, gradients: grads, learningRate: lr)
        let g = 0.1, (b1, b2) = (0.9, 0.99)
        let m = b1 * (1 - b1) * g + (1 - b1) * g, v = b2 * (1 - b2) * g * g + (1 - b2) * g * g
        let mHat = m / (1 - b1 * b1), vHat = v / (1 - b2 * b2)
        let expected = p1 * (1 - 0.001) - 0.01 * mHat / (vHat.squareRoot() + 1e-8)
        #expect(abs(Double(params["w"][0]) - expected) < 1e-6)
        #expect(optimizer.stepCount == 2)
    }

    @Test func clippingScalesToTheMaximumNormOnlyWhenAbove() {
        let (_, grads) = arenas()
        let norm = (0.01 + 0.09 + 4.0).squareRoot()
        #expect(abs(Double(GradientClipping.clipByGlobalNorm(grads, maxNorm: 10)) - norm) < 1e-6)
        #expect(grads["norm"][0] == 2, "below the maximum: untouched")
        GradientClipping.clipByGlobalNorm(grads, maxNorm: 1)
        #expect(abs(grads.sumOfSquares().squareRoot() - 1) < 1e-5)
        #expect(abs(grads["w"][1] / grads["w"][0] - (-3)) < 1e-5, "direction kept")
    }

    @Test func scheduleWarmsUpThenDecays() {
        let constant = LearningRateSchedule(peak: 1, warmupSteps: 4)
        #expect((0..<6).map(constant.learningRate(at:)) == [0.25, 0.5, 0.75, 1, 1, 1])
        let cosine = LearningRateSchedule(peak: 1, warmupSteps: 2, decay: .cosine(minimum: 0.1, totalSteps: 12))
        #expect(cosine.learningRate(at: 1) == 1)
        #expect(cosine.learningRate(at: 2) == 1)
        #expect(abs(cosine.learningRate(at: 7) - 0.55) < 1e-6, "halfway down")
        #expect(abs(cosine.learningRate(at: 12) - 0.1) < 1e-6)
        #expect(abs(cosine.learningRate(at: 100) - 0.1) < 1e-6)
    }

    @Test func trainingStepsReduceTheLossOnARepeatedBatch() {
        let config = TinyModels.config()
        let model = LlamaModel(config: config, seed: 1)
        let optimizer = AdamW(layout: model.parameters.arena.layout, weightDecay: 0)
        let tokens = TinyModels.tokens(B: 2, T: 8, V: config.vocabSize, seed: 5)
        let targets = TinyModels.shiftedTargets(tokens, B: 2, T: 8)
        var losses: [Float] = []
        for _ in 0..<30 {
            losses.append(model.loss(tokens: tokens, targets: targets, B: 2, T: 8))
            model.zeroGradients()
            model.backward()
            GradientClipping.clipByGlobalNorm(model.gradients.arena, maxNorm: 1)
            optimizer.step(parameters: model.parameters.arena, gradients: model.gradients.arena, learningRate: 1e-2)
        }
        #expect(losses.last! < 0.5 * losses.first!, "losses: \(losses)")
    }
}
