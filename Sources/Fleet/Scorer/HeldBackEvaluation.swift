import Blocking
import ChatTemplates
import Deterministic
import Llama
import Messages
import Scoring
import Tasks

/// A version's score on held-back traffic, for a gate with no labels: the mean total the run's scorer gives to the
/// candidates the version samples for prompts no version was trained on. Sampled as the generators sample (same
/// count, temperature, templates, chat rendering), with a seed per prompt that does not depend on the version, so
/// two versions are compared on the same random draws.
public struct HeldBackEvaluation: Sendable {
    public let generator: GeneratorSettings
    public let scorerConfig: String
    public let registry: ScorerRegistry

    public init(generator: GeneratorSettings, scorerConfig: String, registry: ScorerRegistry = .standard) {
        self.generator = generator
        self.scorerConfig = scorerConfig
        self.registry = registry
    }

    public struct Measurement: Sendable, Equatable {
        public var meanScore: Double
        /// Prompts scored (those of a task the scorer does not apply to are left out).
        public var prompts: Int
    }

    /// The held-back prompts among `records` (prompts-topic values, oldest first), at most `limit`, newest kept.
    public func heldBackPrompts(_ records: [[UInt8]], limit: Int) -> [PromptMessage] {
        let prompts = records.compactMap { try? WireCodec.decode(PromptMessage.self, from: $0, acceptMissingSchema: true) }
        var seen = Set<String>()
        let held = prompts.filter { generator.heldBack.contains($0.id) && seen.insert($0.id).inserted }
        return Array(held.suffix(limit))
    }

    /// The mean score of `policy` on `prompts`; throws when none of them could be scored.
    public func measure(
        _ policy: LoadedPolicy, prompts: [PromptMessage], worker: BlockingWorker
    ) async throws -> Measurement {
        let engine = GeneratorEngine(policy: policy, decodePrecision: generator.decodePrecision)
        var scorers: [String: any Scorer] = [:]
        var (total, count, scored) = (0.0, 0, 0)
        for prompt in prompts {
            guard let task = try? BuiltInTasks.task(named: prompt.task) else { continue }
            let scorer = try scorers[prompt.task] ?? registry.makeScorer(config: scorerConfig, for: task)
            scorers[prompt.task] = scorer
            var parameters = generator.sampling
            parameters.seed = FNV1a.hash64("\(generator.sampling.seed)|held-back|\(prompt.id)")
            let (sampling, samples) = (parameters, generator.samplesPerPrompt)
            let completions: [Completion]
            if let messages = prompt.messages {
                let chat = try ChatMessages.checked(messages.map { ChatMessage(role: $0.role, content: $0.content) })
                completions = try await worker.run { try engine.sample(chat: chat, count: samples, parameters: sampling).1 }
            } else {
                let text = generator.render(task: prompt.task, text: prompt.text)
                completions = try await worker.run { try engine.sample(text, count: samples, parameters: sampling).1 }
            }
            let scores = try await scorer.score(prompt: TaskPrompt(prompt), completions: completions.map(\.text))
            total += scores.map(\.total).reduce(0, +)
            count += scores.count
            scored += 1
        }
        guard count > 0 else { throw HeldBackError.nothingToScore(prompts: prompts.count, scorer: scorerConfig) }
        return Measurement(meanScore: total / Double(count), prompts: scored)
    }
}

public enum HeldBackError: Error, Equatable, CustomStringConvertible {
    case nothingToScore(prompts: Int, scorer: String)

    public var description: String {
        switch self {
        case .nothingToScore(let prompts, let scorer):
            prompts == 0
                ? "no held-back prompts on the prompts topic yet: the label-free gate measures versions on them (gate.held-back); wait for traffic"
                : "none of the \(prompts) held-back prompts is of a task the scorer '\(scorer)' applies to"
        }
    }
}
