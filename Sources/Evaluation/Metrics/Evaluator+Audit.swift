import Llama
import Scoring
import Tasks

extension Evaluator {
    /// How often the plurality of `samples` completions at `temperature` is right, next to greedy accuracy, on
    /// labeled prompts: whether majority vote (or a scorer's agreement term) can be trusted as a reward for this
    /// model (see docs/scoring.md). `maxNewTokens` and `decodePrecision` as ``EvaluationSettings``'s (`nil`: the
    /// longest answer + 8, F32): audit with the settings the model is measured with, or a chatty model's replies
    /// are cut short.
    public func majorityAudit(
        task: any TaskFamily, examples: [LabeledExample], samples: Int, temperature: Float, seed: UInt64 = 0,
        maxNewTokens: Int? = nil, decodePrecision: DecodePrecision? = nil
    ) async throws -> MajorityVoteAudit {
        let settings = EvaluationSettings(
            k: 1, samples: samples, temperature: temperature, maxNewTokens: maxNewTokens, seed: seed, scorerConfig: nil,
            decodePrecision: decodePrecision)
        try settings.validate()
        try await useDecodePrecision(decodePrecision)
        let maxNewTokens = maxNewTokens ?? (examples.map { $0.answer.utf8.count }.max() ?? 0) + 8
        var cases: [MajorityVoteAudit.Case] = []
        for example in examples {
            let (greedy, sampled) = try await generate(example, settings: settings, maxNewTokens: maxNewTokens)
            cases.append(.init(example: example, greedy: greedy.text, samples: sampled.map(\.text)))
        }
        return MajorityVoteAudit(task: task, cases: cases)
    }
}
