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
    /// One update's gradients, decoded and checked here before any of them reaches `accumulator`
    private let scratch: TensorArena
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
        scratch = TensorArena(layout: layout)
    }

    /// The largest update payload this run can produce: every trainable float, plus a generous header.
    var maxUpdateBytes: Int { 4 * trainable.count + (1 << 20) }

    /// Adds one update's gradients to the pending sum, all or nothing: they are decoded and checked in full first,
    /// so a malformed or non-finite update is refused (`UnusableRecord`) without touching the sum.
    func add(gradients bytes: [UInt8], name: String) throws {
        try GradientCodec.decode(bytes, into: scratch, name: name)
        if let (tensor, value) = scratch.firstNonFinite() {
            throw UnusableRecord(name, "its gradient holds \(value) in \(tensor); a NaN or infinity is never applied")
        }
        for i in 0..<accumulator.count { accumulator.base[i] += scratch.base[i] }
        pending += 1
    }

    /// Averages the pending gradients, clips, takes one AdamW step; returns the pre-clip gradient norm.
    /// Throws `NonFiniteStep`, and leaves this state unusable (the caller restores it from the checkpoint), when
    /// the average or the step would put a NaN or an infinity into the weights or the optimiser's moments.
    func step(learningRate: Float, maxGradNorm: Float) throws -> Float {
        defer {
            accumulator.zero()
            pending = 0
        }
        let scale = 1 / Float(max(pending, 1))
        for i in 0..<accumulator.count { accumulator.base[i] *= scale }
        let squared = accumulator.sumOfSquares()
        guard squared.isFinite, accumulator.firstNonFinite() == nil else {
            throw NonFiniteStep(what: "the average of \(pending) updates' gradients overflowed (|g|² = \(squared))")
        }
        let norm = maxGradNorm > 0
            ? GradientClipping.clipByGlobalNorm(accumulator, maxNorm: maxGradNorm)
            : Float(squared.squareRoot())
        optimizer.step(parameters: trainable, gradients: accumulator, learningRate: learningRate)
        for (name, arena) in [("weights", trainable), ("first moments", optimizer.m), ("second moments", optimizer.v)] {
            if let (tensor, value) = arena.firstNonFinite() {
                throw NonFiniteStep(what: "the step made the \(name) \(value) in \(tensor)")
            }
        }
        return norm
    }
}

/// A step that would have committed non-finite weights: nothing is committed, and the updates that made it are
/// dead-lettered with this reason.
struct NonFiniteStep: Error, CustomStringConvertible {
    let what: String
    var description: String { "not applied: \(what); the coordinator kept the last committed version" }
}
