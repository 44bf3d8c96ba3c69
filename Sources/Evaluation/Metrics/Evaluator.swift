import Blocking
import Deterministic
import Foundation
import Llama
import Scoring
import Tasks

/// Measures a model on labeled prompts: greedy pass@1, pass@k from n samples, sampled accuracy, mean reward under a
/// scorer, and output length. Works on any Hugging Face Llama directory.
///
/// Per prompt, one greedy completion and n samples of the prompt with its tokenizer's special tokens (`[BOS] + prompt`
/// for the byte tokenizer), stopped at `"\n"`; the n samples share one prefill (``CompletionGenerator``). Answers
/// are extracted and compared by the task's own rules. Deterministic: the same model, prompts and settings give the
/// same report (sample seeds mix ``EvaluationSettings/seed`` with each prompt's id).
///
/// Threading: generation is blocking, CPU-bound work and runs on the evaluator's own `BlockingWorker` queue; the
/// model is touched only there (hence `@unchecked Sendable`). Call `evaluate` from one task at a time.
public final class Evaluator: @unchecked Sendable {
    public let label: String
    let generator: CompletionGenerator
    let worker = BlockingWorker(label: "tao.evaluator.model")
    /// How chat prompts become tokens (the model's chat template, parsed once), or why they cannot.
    let chat: Result<ChatFormat, any Error>
    /// The template's end-of-turn token, which ends a chat reply.
    let endOfTurn: [Int]

    public init(
        model: LlamaModel, tokenizer: any Tokenizer, label: String, tokenizerConfig: TokenizerConfig = TokenizerConfig()
    ) {
        generator = CompletionGenerator(model: model, tokenizer: tokenizer)
        self.label = label
        chat = Result { try ChatFormat(config: tokenizerConfig, tokenizer: tokenizer) }
        endOfTurn = (try? chat.get())?.endOfTurnTokenIds(tokenizer: tokenizer) ?? []
    }

    /// An evaluator for the model at `directory` (a Hugging Face directory or a GGUF file).
    public convenience init(directory: URL) throws {
        let policy = try LoadedPolicy(directory: directory)
        self.init(
            model: policy.model, tokenizer: policy.tokenizer, label: directory.path,
            tokenizerConfig: policy.tokenizerConfig)
    }

    /// - Parameters:
    ///   - split: a name for the prompts in the report (`eval` or a file path)
    ///   - progress: called after each prompt with (done, total)
    public func evaluate(
        task: any TaskFamily, examples: [LabeledExample], split: String, settings: EvaluationSettings,
        registry: ScorerRegistry = .standard, progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> EvaluationReport {
        try settings.validate()
        guard !examples.isEmpty else { throw EvaluationError.noExamples }
        let scorer = try settings.scorerConfig.map { try registry.makeScorer(config: $0, for: task) }
        try await useDecodePrecision(settings.decodePrecision)
        let maxNewTokens = settings.maxNewTokens ?? (examples.map { $0.answer.utf8.count }.max()! + 8)
        let started = ContinuousClock.now
        var items: [EvaluationReport.Item] = []
        var greedyTokens = 0, sampledTokens = 0, rewardSum = 0.0
        for (index, example) in examples.enumerated() {
            let (greedy, samples) = try await generate(example, settings: settings, maxNewTokens: maxNewTokens)
            let greedyAnswer = task.extractAnswer(from: greedy.text, of: example.prompt)
            let correct = samples.filter { sample in
                task.extractAnswer(from: sample.text, of: example.prompt).map { task.isCorrect($0, for: example) } ?? false
            }.count
            var itemReward: Double?
            if let scorer {
                let scores = try await scorer.score(prompt: example.prompt, completions: samples.map(\.text))
                let total = scores.map(\.total).reduce(0, +)
                rewardSum += total
                itemReward = total / Double(max(scores.count, 1))
            }
            greedyTokens += greedy.tokens.count
            sampledTokens += samples.map(\.tokens.count).reduce(0, +)
            items.append(.init(
                id: example.prompt.id, greedyAnswer: greedyAnswer,
                greedyCorrect: greedyAnswer.map { task.isCorrect($0, for: example) } ?? false,
                correctSamples: correct, meanReward: itemReward))
            progress(index + 1, examples.count)
        }
        let count = Double(examples.count), n = settings.samples
        let elapsed = ContinuousClock.now - started
        return EvaluationReport(
            model: label, task: task.name, split: split, settings: settings, count: examples.count,
            passAt1: Double(items.filter(\.greedyCorrect).count) / count,
            passAtK: items.map { PassAtK.estimate(n: n, c: $0.correctSamples, k: settings.k) }.reduce(0, +) / count,
            sampledAccuracy: Double(items.map(\.correctSamples).reduce(0, +)) / (count * Double(n)),
            meanReward: scorer == nil ? nil : rewardSum / (count * Double(n)),
            meanGreedyTokens: Double(greedyTokens) / count,
            meanSampledTokens: Double(sampledTokens) / (count * Double(n)),
            seconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18,
            items: items)
    }

    /// The greedy completion and `settings.samples` samples of one prompt, on the worker.
    func generate(
        _ example: LabeledExample, settings: EvaluationSettings, maxNewTokens: Int
    ) async throws -> (Completion, [Completion]) {
        let seed = Self.seed(settings.seed, id: example.prompt.id)
        return try await worker.run { [self] in
            let tokenizer = generator.tokenizer
            var prompt = tokenizer.encode(example.prompt.text, addingSpecialTokens: true)
            var (stop, stopTokens) = ([AnswerText.stopMarker], [Int]())
            if let messages = example.prompt.messages {
                // A chat reply runs to the template's end of turn, not to the task's line-ending answer marker.
                (prompt, stop, stopTokens) = (try chat.get().promptTokens(messages, tokenizer: tokenizer), [], endOfTurn)
            }
            let greedy = try generator.generate(
                prompt: prompt, count: 1,
                parameters: SamplingParameters(
                    temperature: 0, maxNewTokens: maxNewTokens, stopSequences: stop, stopTokenIds: stopTokens))
            let samples = try generator.generate(
                prompt: prompt, count: settings.samples,
                parameters: SamplingParameters(
                    temperature: settings.temperature, maxNewTokens: maxNewTokens, stopSequences: stop, seed: seed,
                    stopTokenIds: stopTokens))
            return (greedy[0], samples)
        }
    }

    /// Decodes at `precision` (`nil`: F32) from now on; set on the model's worker.
    func useDecodePrecision(_ precision: DecodePrecision?) async throws {
        let precision = precision ?? .f32
        try await worker.run { [self] in generator.decodePrecision = precision }
    }

    static func seed(_ base: UInt64, id: String) -> UInt64 {
        FNV1a.hash64("\(base)|\(id)")
    }
}
