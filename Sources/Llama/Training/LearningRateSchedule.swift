import Foundation

/// Learning rate by step: linear warm-up, then constant or cosine decay.
public struct LearningRateSchedule: Sendable, Equatable {
    /// What happens after warm-up.
    public enum Decay: Sendable, Equatable {
        /// Stay at the peak rate.
        case constant
        /// Half a cosine from the peak down to `minimum` at `totalSteps`, then stay at `minimum`.
        case cosine(minimum: Float, totalSteps: Int)
    }

    public var peak: Float
    public var warmupSteps: Int
    public var decay: Decay

    public init(peak: Float, warmupSteps: Int = 0, decay: Decay = .constant) {
        precondition(peak >= 0 && warmupSteps >= 0, "Learning rate and warm-up steps must not be negative")
        self.peak = peak
        self.warmupSteps = warmupSteps
        self.decay = decay
    }

    /// The rate for 0-based `step`. Warm-up rises linearly as `peak·(step+1)/warmupSteps`, so the first step already
    /// learns (as llm.c does) and step `warmupSteps − 1` reaches the peak.
    public func learningRate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step + 1) / Float(warmupSteps) }
        switch decay {
        case .constant:
            return peak
        case let .cosine(minimum, totalSteps):
            let span = max(1, totalSteps - warmupSteps)
            let progress = min(1, Double(step - warmupSteps) / Double(span))
            return minimum + Float(0.5 * (1 + cos(Double.pi * progress))) * (peak - minimum)
        }
    }
}
