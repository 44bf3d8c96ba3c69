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
        let cases = try await auditCases(
            examples: examples, samples: samples, temperature: temperature, seed: seed, maxNewTokens: maxNewTokens,
            decodePrecision: decodePrecision)
        return MajorityVoteAudit(task: task, cases: cases)
    }

    /// How each scorer of `scorers` (each term, the whole, and the `random` control) ranks `samples` completions
    /// of each labeled prompt against their correctness (``ScorerAudit``); sampling as `majorityAudit`'s.
    public func scorerAudit(
        task: any TaskFamily, examples: [LabeledExample], split: String, samples: Int, temperature: Float,
        scorers: String, thresholds: AuditReport.Thresholds = .init(), seed: UInt64 = 0, maxNewTokens: Int? = nil,
        decodePrecision: DecodePrecision? = nil, registry: ScorerRegistry = .standard
    ) async throws -> AuditReport {
        guard !examples.isEmpty else { throw EvaluationError.noExamples }
        // A configuration that cannot be built fails before anything is sampled.
        for (config, _) in try ScorerAudit.configurations(scorers) { _ = try registry.makeScorer(config: config, for: task) }
        let cases = try await auditCases(
            examples: examples, samples: samples, temperature: temperature, seed: seed, maxNewTokens: maxNewTokens,
            decodePrecision: decodePrecision)
        return try await ScorerAudit.audit(
            task: task, cases: cases, scorers: scorers,
            context: .init(model: label, split: split, temperature: temperature, seed: seed), thresholds: thresholds,
            registry: registry)
    }

    /// The greedy completion and `samples` samples of each example, as `evaluate` draws them.
    func auditCases(
        examples: [LabeledExample], samples: Int, temperature: Float, seed: UInt64, maxNewTokens: Int?,
        decodePrecision: DecodePrecision?
    ) async throws -> [ScorerAudit.Case] {
        let settings = EvaluationSettings(
            k: 1, samples: samples, temperature: temperature, maxNewTokens: maxNewTokens, seed: seed, scorerConfig: nil,
            decodePrecision: decodePrecision)
        try settings.validate()
        try await useDecodePrecision(decodePrecision)
        let maxNewTokens = maxNewTokens ?? (examples.map { $0.answer.utf8.count }.max() ?? 0) + 8
        var cases: [ScorerAudit.Case] = []
        for example in examples {
            let (greedy, sampled) = try await generate(example, settings: settings, maxNewTokens: maxNewTokens)
            cases.append(.init(example: example, greedy: greedy.text, samples: sampled.map(\.text)))
        }
        return cases
    }
}
