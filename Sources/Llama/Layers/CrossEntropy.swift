import Foundation
import Tensors

/// Softmax cross-entropy over the vocabulary, per position: `losses[b, t] = −log softmax(logits[b, t])[target]`.
///
/// A negative target (−1, or −100 as PyTorch writes it) marks a position to ignore: its loss is 0 and it gets no
/// gradient. The per-position losses are the negated log-probabilities of the targets, which RL losses reuse.
/// Shapes: B batch, T time, V vocabulary.
public enum CrossEntropy {
    /// - losses: (B, T)
    /// - logits: (B, T, V)
    /// - targets: (B, T), in 0..<V or negative to ignore
    public static func forward(
        losses: UnsafeMutablePointer<Float>, logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
        B: Int, T: Int, V: Int
    ) {
        Parallel.forChunks(count: B * T, grain: Parallel.elementGrain / V + 1) { _, positions in
            for i in positions {
                let target = Int(targets[i])
                guard target >= 0 else { losses[i] = 0; continue }
                let row = logits + i * V
                let (maxLogit, sumExp) = normaliser(row, V: V)
                losses[i] = Float(Double(maxLogit) + log(sumExp) - Double(row[target]))
            }
        }
    }

    /// Accumulates `dlogits[b, t] += dlosses[b, t] · (softmax(logits[b, t]) − onehot(target))`.
    ///
    /// For the mean over valid positions pass `dlosses = 1/count` at valid positions; any per-position weight works
    /// (a policy-gradient advantage, for instance).
    ///
    /// - dlogits: (B, T, V), accumulated
    /// - dlosses: (B, T)
    /// - logits: (B, T, V)
    /// - targets: (B, T)
    public static func backward(
        dlogits: UnsafeMutablePointer<Float>, dlosses: UnsafePointer<Float>, logits: UnsafePointer<Float>,
        targets: UnsafePointer<Int32>, B: Int, T: Int, V: Int
    ) {
        Parallel.forChunks(count: B * T, grain: Parallel.elementGrain / V + 1) { _, positions in
            for i in positions {
                let target = Int(targets[i])
                let weight = dlosses[i]
                guard target >= 0, weight != 0 else { continue }
                let row = logits + i * V
                let d = dlogits + i * V
                let (maxLogit, sumExp) = normaliser(row, V: V)
                let scale = Float(1 / sumExp)
                for v in 0..<V { d[v] += weight * exp(row[v] - maxLogit) * scale }
                d[target] -= weight
            }
        }
    }

    /// The row's maximum and Σ exp(logit − max), the sum in Double.
    @inline(__always)
    private static func normaliser(_ row: UnsafePointer<Float>, V: Int) -> (Float, Double) {
        var maxLogit = -Float.infinity
        for v in 0..<V { maxLogit = max(maxLogit, row[v]) }
        var sumExp = 0.0
        for v in 0..<V { sumExp += Double(exp(row[v] - maxLogit)) }
        return (maxLogit, sumExp)
    }
}
