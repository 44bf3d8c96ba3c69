import Foundation
import Tensors

/// One `"decode-accuracy"` line of `tao bench model`: what decoding with half-precision weights costs in
/// log-probabilities against the Float32 reference, teacher-forced on a fixed token sequence.
public struct DecodeAccuracyResult: Codable, Sendable {
    public var bench = "decode-accuracy"
    public var model: String
    public var decodePrecision: String
    /// Decoding steps compared (the sequence's length minus one).
    public var steps: Int
    /// max over steps t of |log p(token t+1)| difference, the log-probability of the fed next token
    public var maxFedLogProbDiff: Double
    /// mean over steps of the same
    public var meanFedLogProbDiff: Double
    /// max over steps and the whole vocabulary of the log-softmax difference
    public var maxVocabLogProbDiff: Double
    /// Steps where the two precisions' most likely next tokens differ.
    public var argmaxChanges: Int
    /// Float32's mean log-probability of the fed tokens (how well the model knows the text).
    public var meanFedLogProb: Double

    enum CodingKeys: String, CodingKey {
        case bench, model, steps
        case decodePrecision = "decode_precision"
        case maxFedLogProbDiff = "max_fed_logprob_diff"
        case meanFedLogProbDiff = "mean_fed_logprob_diff"
        case maxVocabLogProbDiff = "max_vocab_logprob_diff"
        case argmaxChanges = "argmax_changes"
        case meanFedLogProb = "mean_fed_logprob"
    }

    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// Teacher-forced comparison of a half-precision decode path with the Float32 one: feeds `tokens` one decoding
/// step at a time (batch 1, position t at step t) through both, and compares each step's log-softmax at the next
/// fed token and over the whole vocabulary. Blocking and CPU-bound.
public enum DecodeAccuracy {
    public static func measure(
        model: LlamaModel, label: String, tokens: [Int], precision: DecodePrecision
    ) -> DecodeAccuracyResult {
        precondition(tokens.count >= 2, "teacher forcing needs at least two tokens")
        let reference = logSoftmaxes(model: model, tokens: tokens, precision: .f32)
        let candidate = logSoftmaxes(model: model, tokens: tokens, precision: precision)
        let V = model.config.vocabSize, steps = tokens.count - 1
        var (maxFed, sumFed, maxVocab, sumLogProb, changes) = (0.0, 0.0, 0.0, 0.0, 0)
        for t in 0..<steps {
            let (r, c) = (reference[t], candidate[t])
            let fed = tokens[t + 1]
            maxFed = max(maxFed, abs(r[fed] - c[fed]))
            sumFed += abs(r[fed] - c[fed])
            sumLogProb += r[fed]
            var (rBest, cBest) = (0, 0)
            for v in 0..<V {
                maxVocab = max(maxVocab, abs(r[v] - c[v]))
                if r[v] > r[rBest] { rBest = v }
                if c[v] > c[cBest] { cBest = v }
            }
            if rBest != cBest { changes += 1 }
        }
        return DecodeAccuracyResult(
            model: label, decodePrecision: precision.rawValue, steps: steps, maxFedLogProbDiff: maxFed,
            meanFedLogProbDiff: sumFed / Double(steps), maxVocabLogProbDiff: maxVocab, argmaxChanges: changes,
            meanFedLogProb: sumLogProb / Double(steps))
    }

    /// (T-1, V) the log-softmax (in Double) of the logits after each of tokens[0..<T-1], decoded one step at a time.
    static func logSoftmaxes(model: LlamaModel, tokens: [Int], precision: DecodePrecision) -> [[Double]] {
        let config = model.config, V = config.vocabSize
        let cache = LlamaKVCache(config: config, B: 1, capacity: tokens.count)
        let scratch = DecodeScratch(config: config, rows: 1, capacity: tokens.count)
        let weights = precision.halfFormat.map { DecodeWeights(config: config, format: $0) }
        weights?.refresh(from: model.parameters)
        var result: [[Double]] = []
        for token in tokens.dropLast() {
            var id = Int32(token), row = 0
            model.decodeStep(tokens: &id, rows: &row, M: 1, cache: cache, scratch: scratch, logits: scratch.logits,
                             weights: weights)
            let logits = (0..<V).map { Double(scratch.logits[$0]) }
            let top = logits.max()!
            let logSum = top + log(logits.reduce(0) { $0 + exp($1 - top) })
            result.append(logits.map { $0 - logSum })
        }
        return result
    }
}
