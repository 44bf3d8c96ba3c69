import Foundation
import Tensors

/// The timed part of the training benchmarks: random next-token data of (B, T), then `steps` training steps —
/// forward and loss, backward, clipping, AdamW over `trained` (the whole model, or an attached adapter's
/// parameters) — after one warm-up step (first-touch of activation and gradient memory).
enum TimedTrainingSteps {
    /// - Returns: the median step time in seconds and the last step's loss.
    static func run(
        model: LlamaModel, trained: (parameters: TensorArena, gradients: TensorArena), B: Int, T: Int, steps: Int
    ) -> (medianSeconds: Double, loss: Float) {
        let optimizer = AdamW(layout: trained.parameters.layout)
        var generator = SeededGenerator(seed: 2)
        let V = Int32(model.config.vocabSize)
        let tokens = (0..<(B * T)).map { _ in Int32.random(in: 0..<V, using: &generator) }
        let targets = (0..<(B * T)).map { i in i % T == T - 1 ? -1 : tokens[i + 1] }
        var times: [Double] = []
        var loss: Float = 0
        for step in 0...steps {
            let start = DispatchTime.now().uptimeNanoseconds
            loss = model.loss(tokens: tokens, targets: targets, B: B, T: T)
            model.zeroGradients()
            model.backward()
            GradientClipping.clipByGlobalNorm(trained.gradients, maxNorm: 1)
            optimizer.step(parameters: trained.parameters, gradients: trained.gradients, learningRate: 1e-4)
            if step > 0 { times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
        }
        return (times.sorted()[times.count / 2], loss)
    }
}
