import Foundation
import Llama
import Tasks

/// A yes-no judge's verdict as a differentiable function of its weights, for ``JudgeTrainer``.
///
/// The score ``LLMJudge`` reads is `M(yes) / (M(yes) + M(no))`, where `M` sums the next-token probabilities of a
/// verdict's tokens (``VerdictTokens``). That is `σ(s)` for the log-odds `s = log M(yes) − log M(no)`, in which the
/// softmax's normaliser cancels:
///
///     s = LSE_{v ∈ yes}(w_v · h) − LSE_{v ∈ no}(w_v · h)
///
/// for the final-norm hidden state `h` (C) of the question's last token and the LM head's rows `w_v` (C). So `s` needs
/// only the verdict tokens' logits, and its gradient is `ds/dh = Σ_yes q_v w_v − Σ_no q_v w_v`, with `q` the softmax
/// of the logits within each verdict's tokens. The LM head itself is not trained (the adapter is).
///
/// Threading: not thread-safe (the engine is not); one trainer uses it at a time.
final class VerdictLogOdds {
    let judge: LLMJudge
    /// The last batch, and each sequence's within-verdict softmax weights, (B) × (yes tokens + no tokens) — what
    /// ``backward(dLogOdds:)`` needs.
    private var lastBatch: (batch: PaddedBatch, weights: [[Float]])?

    /// - Precondition: a yes-no judge.
    init(judge: LLMJudge) {
        precondition(judge.template.mode == .yesNo, "the log-odds of a verdict are defined for a yes-no judge")
        self.judge = judge
    }

    /// The judge's question about `response`, as tokens: exactly what ``LLMJudge/judge(prompt:responses:)`` reads.
    func sequence(prompt: TaskPrompt, response: String) throws -> [Int] {
        try judge.tokens(judge.template.question(prompt: LLMJudge.promptText(prompt), response: judge.shown(response)))
    }

    var verdictIDs: [Int] { judge.verdicts.ids[0] + judge.verdicts.ids[1] }

    /// The log-odds of each sequence, from one forward pass; keeps what ``backward(dLogOdds:)`` needs.
    /// - Precondition: every sequence is non-empty and fits the judge's context.
    func logOdds(_ sequences: [[Int]]) -> [Float] {
        let model = judge.policy.model
        let batch = PaddedBatch(sequences, context: model.config.maxPositionEmbeddings)
        let C = model.config.hiddenSize
        let hidden = model.hiddenStates(tokens: batch.tokens, B: batch.B, T: batch.T)
        let W = model.parameters.outputWeight
        let yesCount = judge.verdicts.ids[0].count, ids = verdictIDs
        var result = [Float](repeating: 0, count: batch.B)
        var weights: [[Float]] = []
        for b in 0..<batch.B {
            let offset = batch.last(b) * C
            let logits = ids.map { v -> Double in
                var dot: Float = 0
                for c in 0..<C { dot += W[v * C + c] * hidden[offset + c] }
                return Double(dot)
            }
            let (yes, qYes) = Self.logSumExp(logits[..<yesCount])
            let (no, qNo) = Self.logSumExp(logits[yesCount...])
            result[b] = Float(yes - no)
            weights.append((qYes + qNo).map(Float.init))
        }
        lastBatch = (batch, weights)
        return result
    }

    /// Accumulates into the engine's gradients (the adapter's when one is attached) the gradient of a scalar whose
    /// gradient with respect to the last ``logOdds(_:)`` is `dLogOdds`.
    func backward(dLogOdds: [Float]) {
        guard let (batch, weights) = lastBatch else { preconditionFailure("backward(dLogOdds:) needs a preceding logOdds(_:)") }
        precondition(dLogOdds.count == batch.B, "one log-odds gradient per sequence")
        let model = judge.policy.model
        let C = model.config.hiddenSize, W = model.parameters.outputWeight
        let yesCount = judge.verdicts.ids[0].count, ids = verdictIDs
        var dHidden = [Float](repeating: 0, count: batch.B * batch.T * C)
        for b in 0..<batch.B {
            let offset = batch.last(b) * C
            for (k, v) in ids.enumerated() {
                let coefficient = dLogOdds[b] * weights[b][k] * (k < yesCount ? 1 : -1)
                for c in 0..<C { dHidden[offset + c] += coefficient * W[v * C + c] }
            }
        }
        model.backward(hiddenGradients: dHidden)
    }

    /// `log Σ exp(x)` and the softmax of `x`, stably.
    static func logSumExp(_ x: ArraySlice<Double>) -> (Double, [Double]) {
        let top = x.max()!
        let e = x.map { exp($0 - top) }
        let sum = e.reduce(0, +)
        return (top + log(sum), e.map { $0 / sum })
    }
}
