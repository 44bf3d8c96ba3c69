import Foundation

/// Maps a raw reward `r` to a probability `σ(a·r + b)` (Platt scaling): a Bradley–Terry reward is defined only up to
/// an additive constant (the loss sees differences), so it needs a fitted offset and scale before it can be a score
/// in [0, 1].
///
/// Fitted by logistic regression on held-out responses labeled 1 (chosen) or 0 (rejected): the calibrated score
/// reads "the probability that this response is one a labeler would choose". Fitted by Newton's method on the
/// log-likelihood with a tiny ridge term, which keeps it finite when the held-out rewards separate perfectly.
public struct PlattCalibration: Codable, Sendable, Hashable {
    public var a: Double
    public var b: Double

    /// The identity-like calibration σ(r), for a model not yet fitted.
    public static let uncalibrated = PlattCalibration(a: 1, b: 0)

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    /// Fits `a`, `b` to (reward, label) observations.
    /// - Precondition: at least one observation of each label.
    public init(rewards: [Double], labels: [Bool], ridge: Double = 1e-3, iterations: Int = 50) {
        precondition(rewards.count == labels.count, "one label per reward")
        precondition(labels.contains(true) && labels.contains(false), "calibration needs both labels")
        // Damped Newton: a full step can overshoot far from the optimum (rewards of large magnitude), so a step is
        // halved until the penalised negative log-likelihood falls.
        func loss(_ a: Double, _ b: Double) -> Double {
            var total = ridge / 2 * (a * a + b * b)
            for (r, label) in zip(rewards, labels) {
                let z = a * r + b
                total += label ? BradleyTerry.softplus(-z) : BradleyTerry.softplus(z)
            }
            return total
        }
        var (a, b) = (1.0, 0.0)
        var current = loss(a, b)
        for _ in 0..<iterations {
            var (ga, gb) = (ridge * a, ridge * b)
            var (haa, hab, hbb) = (ridge, 0.0, ridge)
            for (r, label) in zip(rewards, labels) {
                let p = BradleyTerry.sigmoid(a * r + b)
                let e = p - (label ? 1 : 0)
                ga += e * r
                gb += e
                let w = p * (1 - p)
                haa += w * r * r
                hab += w * r
                hbb += w
            }
            let det = haa * hbb - hab * hab
            guard det > 1e-12 else { break }
            let da = (hbb * ga - hab * gb) / det
            let db = (haa * gb - hab * ga) / det
            var step = 1.0
            while step > 1e-6, loss(a - step * da, b - step * db) > current { step /= 2 }
            guard step > 1e-6 else { break }
            a -= step * da
            b -= step * db
            let next = loss(a, b)
            defer { current = next }
            if current - next < 1e-12 { break }
        }
        self.init(a: a, b: b)
    }

    /// The calibrated score of a raw reward, in [0, 1].
    public func probability(_ reward: Double) -> Double {
        let p = BradleyTerry.sigmoid(a * reward + b)
        return p.isFinite ? p : 0
    }
}
