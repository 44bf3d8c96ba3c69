import Llama
import Messages
import Tensors

/// The coordinator's policy in memory: the model (with its LoRA adapter, if the run trains one), AdamW over the
/// trainable parameters, and the sum of the gradients received since the last commit. Owned by the coordinator's
/// `BlockingWorker` and only touched there (hence `@unchecked Sendable`).
final class CoordinatorState: @unchecked Sendable {
    let policy: LoadedPolicy
    /// The adapter's arena in a LoRA run, else every parameter
    let trainable: TensorArena
    let updateKind: UpdateMessage.Kind
    let optimizer: AdamW
    /// Σ of pending updates' gradients, in the parameters' layout
    let accumulator: TensorArena
    var pending = 0

    init(policy: LoadedPolicy, weightDecay: Float) {
        self.policy = policy
        if let adapter = policy.model.adapter {
            (trainable, updateKind) = (adapter.parameters.arena, .loraGradients)
        } else {
            (trainable, updateKind) = (policy.model.parameters.arena, .fullGradients)
        }
        let layout = trainable.layout
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
        optimizer.step(parameters: trainable, gradients: accumulator, learningRate: learningRate)
        accumulator.zero()
        pending = 0
        return norm
    }
}
