import Tensors

/// A reward model's scalar head: `r = w · h`, where `h` is the final-norm hidden state of the sequence's last token —
/// Hugging Face's `LlamaForSequenceClassification` with `num_labels = 1` (`score.weight`, shape (1, C), no bias: a
/// Bradley–Terry reward is defined only up to a constant, which ``PlattCalibration`` fits).
public final class RewardHead {
    public static let weightName = "score.weight"
    public let hiddenSize: Int
    /// `score.weight` (1, C)
    public let parameters: TensorArena
    /// Same layout as ``parameters``
    public let gradients: TensorArena

    public static func layout(hiddenSize: Int) -> ArenaLayout {
        var layout = ArenaLayout()
        layout.add(weightName, [1, hiddenSize])
        return layout
    }

    /// A head initialised as Hugging Face does, N(0, 0.02²), reproducibly from `seed`.
    public init(hiddenSize: Int, seed: UInt64) {
        self.hiddenSize = hiddenSize
        parameters = TensorArena(layout: Self.layout(hiddenSize: hiddenSize))
        gradients = TensorArena(layout: Self.layout(hiddenSize: hiddenSize))
        var generator = SeededGenerator(seed: seed)
        generator.fillNormal(parameters.buffer, std: 0.02)
    }

    /// A head with the given weights (C).
    public init(weights: [Float]) {
        hiddenSize = weights.count
        parameters = TensorArena(layout: Self.layout(hiddenSize: weights.count))
        gradients = TensorArena(layout: Self.layout(hiddenSize: weights.count))
        parameters.base.update(from: weights, count: weights.count)
    }

    public var weights: [Float] { Array(parameters.buffer) }

    /// `w · h` for one hidden state (C).
    public func reward(_ hidden: UnsafeBufferPointer<Float>) -> Float {
        precondition(hidden.count == hiddenSize, "a hidden state has \(hiddenSize) values, got \(hidden.count)")
        let w = parameters.base
        var sum: Float = 0
        for i in 0..<hiddenSize { sum += w[i] * hidden[i] }
        return sum
    }

    /// Accumulates `dr · h` into the weight's gradient and returns `dr · w`, the gradient for the hidden state.
    public func backward(dReward: Float, hidden: UnsafeBufferPointer<Float>) -> [Float] {
        let (w, g) = (parameters.base, gradients.base)
        for i in 0..<hiddenSize { g[i] += dReward * hidden[i] }
        return (0..<hiddenSize).map { dReward * w[$0] }
    }
}
