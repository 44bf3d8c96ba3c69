import Foundation

/// The Bradley–Terry pairwise loss of a reward model: for rewards `r⁺` of the chosen and `r⁻` of the rejected
/// response, `P(chosen ≻ rejected) = σ(r⁺ − r⁻)` and the loss is its negative log, `softplus(−(r⁺ − r⁻))`, averaged
/// over the pairs (as in InstructGPT's and TRL's `RewardTrainer`).
public enum BradleyTerry {
    /// The mean loss over pairs and its gradient with respect to every reward.
    ///
    /// - Parameters:
    ///   - chosen: (P), rewards of the chosen responses
    ///   - rejected: (P), rewards of the rejected responses, pair by pair
    /// - Returns: the mean loss, and d(loss)/d(chosen) and d(loss)/d(rejected), each (P)
    public static func loss(chosen: [Float], rejected: [Float]) -> (loss: Double, dChosen: [Float], dRejected: [Float]) {
        precondition(chosen.count == rejected.count && !chosen.isEmpty, "one rejected reward per chosen one")
        let P = Double(chosen.count)
        var loss = 0.0
        var dChosen = [Float](repeating: 0, count: chosen.count)
        var dRejected = dChosen
        for i in chosen.indices {
            let margin = Double(chosen[i]) - Double(rejected[i])
            loss += softplus(-margin)
            // d softplus(−m)/dm = −σ(−m)
            let g = -sigmoid(-margin) / P
            dChosen[i] = Float(g)
            dRejected[i] = Float(-g)
        }
        return (loss / P, dChosen, dRejected)
    }

    /// `log(1 + eˣ)` without overflow.
    static func softplus(_ x: Double) -> Double { x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)) }

    public static func sigmoid(_ x: Double) -> Double { x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)) }
}
