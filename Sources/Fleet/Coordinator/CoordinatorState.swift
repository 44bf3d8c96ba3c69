import Llama
import Tensors

/// The coordinator's policy in memory: the model, AdamW, and the sum of the gradients received since the last
/// commit. Owned by the coordinator's `BlockingWorker` and only touched there (hence `@unchecked Sendable`).
final class CoordinatorState: @unchecked Sendable {
    let policy: LoadedPolicy
    let optimizer: AdamW
    /// Σ of pending updates' gradients, in the parameters' layout
    let accumulator: TensorArena
    var pending = 0

    init(policy: LoadedPolicy, weightDecay: Float) {
        self.policy = policy
        let layout = policy.model.parameters.arena.layout
        optimizer = AdamW(layout: layout, weightDecay: weightDecay, decays: { $0.shape.rank > 1 })
        accumulator = TensorArena(layout: layout)
    }

    func add(gradients bytes: [UInt8], name: String) throws {
        try GradientCodec.add(bytes, into: accumulator, name: name)
        pending += 1
    }

    /// Averages the pending gradients, clips, takes one AdamW step; returns the pre-clip gradient norm.
    func step(learningRate: Float, maxGradNorm: Float) -> Float {
        let scale = 1 / Float(max(pending, 1))
        for i in 0..<accumulator.count { accumulator.base[i] *= scale }
        let norm = maxGradNorm > 0
            ? GradientClipping.clipByGlobalNorm(accumulator, maxNorm: maxGradNorm)
            : Float(accumulator.sumOfSquares().squareRoot())
        optimizer.step(parameters: policy.model.parameters.arena, gradients: accumulator, learningRate: learningRate)
        accumulator.zero()
        pending = 0
        return norm
    }
}
