import Foundation
import Tensors

/// AdamW (Loshchilov & Hutter): Adam with decoupled weight decay and bias correction, computing exactly what
/// `torch.optim.AdamW` computes:
/// ```
/// p ← p − lr·λ·p
/// m ← β₁m + (1−β₁)g,   v ← β₂v + (1−β₂)g²
/// p ← p − lr/(1−β₁ᵗ) · m / (√v / √(1−β₂ᵗ) + ε)
/// ```
/// The moments live in two arenas with the parameters' layout, so a step is one loop over every tensor
/// (split only where weight decay is switched off).
public final class AdamW {
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    public let weightDecay: Float
    /// First moment, same layout as the parameters.
    public let m: TensorArena
    /// Second moment, same layout as the parameters.
    public let v: TensorArena
    /// Steps taken so far (t in the bias correction is `stepCount` after the increment).
    public private(set) var stepCount = 0
    /// Contiguous element ranges and whether weight decay applies to them.
    private let segments: [(range: Range<Int>, decays: Bool)]

    /// - Parameters:
    ///   - layout: the parameters' layout.
    ///   - decays: which tensors get weight decay; by default every tensor (as `torch.optim.AdamW` over
    ///     `model.parameters()`). Pass `{ $0.shape.rank > 1 }` to exempt norm weights, as Hugging Face's Trainer does.
    public init(
        layout: ArenaLayout, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
        weightDecay: Float = 0.01, decays: (TensorView) -> Bool = { _ in true }
    ) {
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        m = TensorArena(layout: layout)
        v = TensorArena(layout: layout)
        var segments: [(range: Range<Int>, decays: Bool)] = []
        for view in layout.views {
            let range = view.offset..<(view.offset + view.count)
            let decays = decays(view)
            if let last = segments.last, last.decays == decays, last.range.upperBound == range.lowerBound {
                segments[segments.count - 1].range = last.range.lowerBound..<range.upperBound
            } else {
                segments.append((range, decays))
            }
        }
        self.segments = segments
    }

    /// Resumes from a checkpoint: the moments are restored through ``m`` and ``v``, the step count here
    /// (it sets the bias correction).
    public func restore(stepCount: Int) {
        precondition(stepCount >= 0, "a step count cannot be negative")
        self.stepCount = stepCount
    }

    /// One update of every parameter from its gradient.
    ///
    /// - parameters: arena with the layout given at init, updated in place
    /// - gradients: arena with the same layout
    public func step(parameters: TensorArena, gradients: TensorArena, learningRate: Float) {
        precondition(parameters.layout == m.layout && gradients.layout == m.layout,
                     "AdamW was built for a different parameter layout")
        stepCount += 1
        let t = Double(stepCount)
        let stepSize = Float(Double(learningRate) / (1 - pow(Double(beta1), t)))
        let sqrtCorrection2 = Float((1 - pow(Double(beta2), t)).squareRoot())
        let (p, g, m, v) = (parameters.base, gradients.base, self.m.base, self.v.base)
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        for segment in segments {
            let decay = segment.decays ? 1 - learningRate * weightDecay : 1
            let start = segment.range.lowerBound
            Parallel.forChunks(count: segment.range.count, grain: Parallel.elementGrain) { _, chunk in
                for i in (start + chunk.lowerBound)..<(start + chunk.upperBound) {
                    let gi = g[i]
                    m[i] = b1 * m[i] + (1 - b1) * gi
                    v[i] = b2 * v[i] + (1 - b2) * gi * gi
                    p[i] = p[i] * decay - stepSize * m[i] / (v[i].squareRoot() / sqrtCorrection2 + eps)
                }
            }
        }
    }

    /// Forgets the moments and the step count.
    public func reset() {
        m.zero()
        v.zero()
        stepCount = 0
    }
}
