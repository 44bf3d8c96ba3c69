import ModelScorers
import Tasks

extension Evaluator {
    /// What ``preferencePairs(task:examples:settings:pairsPerPrompt:progress:)`` made.
    public struct PairSummary: Codable, Sendable, Hashable {
        public var prompts: Int
        /// Prompts with both a right and a wrong sample, the only ones that give pairs.
        public var promptsWithPairs: Int
        public var pairs: Int
        public var sampledAccuracy: Double
    }

    /// Preference pairs from the policy's own samples on labeled prompts: for each prompt, N samples judged by the
    /// task's rules against its label; every right sample is preferred to every wrong one (distinct texts, at most
    /// `pairsPerPrompt` pairs, spread over the right and the wrong samples). Bootstraps a reward model from a few
    /// hundred labels: the pairs teach what separates this policy's right answers from its wrong ones.
    public func preferencePairs(
        task: any TaskFamily, examples: [LabeledExample], settings: EvaluationSettings, pairsPerPrompt: Int,
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> ([PreferencePair], PairSummary) {
        try settings.validate()
        let maxNewTokens = settings.maxNewTokens ?? (examples.map { $0.answer.utf8.count }.max() ?? 0) + 8
        var pairs: [PreferencePair] = []
        var withPairs = 0, right = 0, total = 0
        for (index, example) in examples.enumerated() {
            let (_, samples) = try await generate(example, settings: settings, maxNewTokens: maxNewTokens)
            var correct: [String] = [], wrong: [String] = []
            for sample in samples {
                let isRight = task.extractAnswer(from: sample.text, of: example.prompt).map { task.isCorrect($0, for: example) } ?? false
                if isRight { right += 1 }
                total += 1
                if isRight, !correct.contains(sample.text) { correct.append(sample.text) }
                if !isRight, !wrong.contains(sample.text) { wrong.append(sample.text) }
            }
            if !correct.isEmpty, !wrong.isEmpty { withPairs += 1 }
            // Every (right, wrong) combination once, diagonal by diagonal, so a few samples do not take every pair.
            var made = 0
            outer: for offset in wrong.indices {
                for i in correct.indices {
                    guard made < pairsPerPrompt else { break outer }
                    pairs.append(PreferencePair(
                        id: "\(example.prompt.id)-\(made)", prompt: example.prompt, chosen: correct[i],
                        rejected: wrong[(i + offset) % wrong.count]))
                    made += 1
                }
            }
            progress(index + 1, examples.count)
        }
        return (pairs, PairSummary(
            prompts: examples.count, promptsWithPairs: withPairs, pairs: pairs.count,
            sampledAccuracy: total == 0 ? 0 : Double(right) / Double(total)))
    }
}
