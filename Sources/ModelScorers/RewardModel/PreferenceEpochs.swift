import Deterministic
import Tensors

/// The loop both preference trainers (``RewardModelTrainer``, ``JudgeTrainer``) run: `epochs` passes over the
/// training pairs in a seeded shuffle, `pairsPerStep` at a time, with the learning rate decayed linearly from its
/// peak to a tenth over all the steps.
struct PreferenceEpochs {
    var epochs: Int
    var pairsPerStep: Int
    var seed: UInt64

    /// Calls `step` with each batch's indices into the `count` training pairs and the learning-rate scale for it;
    /// `step` returns the batch's mean loss.
    /// - Parameter progress: after each step, (step, total steps, that step's loss)
    /// - Returns: each epoch's mean loss, and the number of steps taken
    func run(
        count: Int, progress: (Int, Int, Double) -> Void, step: ([Int], Double) throws -> Double
    ) rethrows -> (epochLosses: [Double], steps: Int) {
        let P = pairsPerStep
        let totalSteps = (count + P - 1) / P * epochs
        var random = SeededGenerator(seed: seed &+ 2)
        var epochLosses: [Double] = [], steps = 0
        for _ in 0..<epochs {
            var order = Array(0..<count)
            order.shuffle(using: &random)
            var lossSum = 0.0
            for start in stride(from: 0, to: order.count, by: P) {
                let batch = Array(order[start..<min(order.count, start + P)])
                let scale = 1 - 0.9 * Double(steps) / Double(max(1, totalSteps - 1))
                let loss = try step(batch, scale)
                lossSum += loss * Double(batch.count)
                steps += 1
                progress(steps, totalSteps, loss)
            }
            epochLosses.append(lossSum / Double(count))
        }
        return (epochLosses, steps)
    }

    /// A clock duration in seconds.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
