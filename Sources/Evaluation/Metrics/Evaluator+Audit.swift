import Scoring
import Tasks

extension Evaluator {
    /// How often the plurality of `samples` completions at `temperature` is right, next to greedy accuracy, on
    /// labeled prompts: whether majority vote (or a scorer's agreement term) can be trusted as a reward for this
    /// model (see docs/scoring.md).
    public func majorityAudit(
        task: any TaskFamily, examples: [LabeledExample], samples: Int, temperature: Float, seed: UInt64 = 0
    ) async throws -> MajorityVoteAudit {
        let settings = EvaluationSettings(k: 1, samples: samples, temperature: temperature, seed: seed, scorerConfig: nil)
        try settings.validate()
        let maxNewTokens = (examples.map { $0.answer.utf8.count }.max() ?? 0) + 8
        var cases: [MajorityVoteAudit.Case] = []
        for example in examples {
            let (greedy, sampled) = try await generate(example, settings: settings, maxNewTokens: maxNewTokens)
            cases.append(.init(example: example, greedy: greedy.text, samples: sampled.map(\.text)))
        }
        return MajorityVoteAudit(task: task, cases: cases)
    }
}
