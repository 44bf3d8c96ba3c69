import Blobs
import Blocking
import ChatTemplates
import Deterministic
import Llama
import Messages
import Tasks
import Synchronization

/// The generation stage: prompts in, candidates out. Samples N candidates per prompt with the newest loaded
/// policy, swapping to newer versions between prompts as the policy topic announces them, and never sampling with
/// a policy more than `maxLag` versions behind the newest announced one.
public final class GeneratorService: Sendable {
    public let topics: FleetTopics
    public let settings: GeneratorSettings
    public let store: any BlobStore
    public let holder = PolicyHolder<GeneratorEngine>()
    let worker: BlockingWorker
    /// How failures that are not a record's fault (blob store, broker, policy loads) are retried.
    public let retry: RetryPolicy
    private let generated = Atomic<Int>(0)

    /// New tokens sampled so far, over all candidates (for throughput metrics).
    public var generatedTokens: Int { generated.load(ordering: .relaxed) }

    /// - Parameter worker: where model computation runs; stages in one process may share one so their
    ///   compute never overlaps (oversubscribed OpenBLAS threads slow everyone down).
    public init(
        topics: FleetTopics, settings: GeneratorSettings, store: any BlobStore,
        worker: BlockingWorker = BlockingWorker(label: "tao.generator.model"), retry: RetryPolicy = .standard
    ) {
        self.worker = worker
        self.retry = retry
        self.topics = topics
        self.settings = settings
        self.store = store
    }

    /// Watches the policy topic and generates until cancelled or the prompts subscription ends.
    public func run(
        bus: any MessageBus, observe: @escaping @Sendable (BusRecord, StageOutcome) -> Void = { _, _ in },
        onError: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws {
        let stage = PolicyFollowingStage(
            stage: "generator", topics: topics, store: store, worker: worker, holder: holder, trainable: false,
            retry: retry, trusted: settings.trustedKeys, prepare: { [decodePrecision = settings.decodePrecision] in
                GeneratorEngine(policy: $0, decodePrecision: decodePrecision)
            })
        try await stage.run(
            bus: bus, input: topics.prompts, group: "generators", observe: observe, onError: onError
        ) { [self] in try await handle($0) }
    }

    /// One prompt record → one candidates record. Throws (→ dead letter) on a prompt it cannot use.
    public func handle(_ record: BusRecord) async throws -> StageResult {
        let prompt = try WireCodec.decode(PromptMessage.self, from: record.value, acceptMissingSchema: true)
        // Held back for the gate: never trained on, by any version.
        if settings.heldBack.contains(prompt.id) { return .nothing }
        // A task no scorer knows would be sampled only to be refused by the scorer: refuse it before any compute.
        guard BuiltInTasks.names.contains(prompt.task) else {
            throw TaskLookupError.unknownTask(prompt.task, known: BuiltInTasks.names)
        }
        let lag = PolicyLag(maxLag: settings.maxLag)
        let (engine, version) = try await holder.current { lag.accepts($0, newest: $1) }
        var parameters = settings.sampling
        parameters.seed = Self.seed(base: settings.sampling.seed, promptID: prompt.id, version: version)
        let count = settings.samplesPerPrompt
        let sampling = parameters
        let (tokens, completions): ([Int], [Completion])
        if let messages = prompt.messages {
            // A chat is rendered by the policy's chat template alone: task templates apply to plain text.
            let chat = try ChatMessages.checked(messages.map { ChatMessage(role: $0.role, content: $0.content) })
            (tokens, completions) = try await worker.run { try engine.sample(chat: chat, count: count, parameters: sampling) }
        } else {
            let text = settings.render(task: prompt.task, text: prompt.text)
            (tokens, completions) = try await worker.run { try engine.sample(text, count: count, parameters: sampling) }
        }
        let newTokens = completions.reduce(0) { $0 + $1.tokens.count }
        generated.add(newTokens, ordering: .relaxed)
        let candidates = CandidatesMessage(
            prompt: prompt, policyVersion: version, promptTokens: tokens,
            samples: completions.enumerated().map { index, completion in
                .init(
                    index: index, tokens: completion.tokens, rolloutLogProbs: completion.logProbs,
                    text: completion.text, finishReason: completion.finishReason.rawValue)
            })
        Failpoints.pass("generator.mid-batch")
        var result = StageResult(records: [
            OutgoingRecord(topic: topics.candidates.name, key: prompt.id, value: try WireCodec.encode(candidates))
        ])
        (result.samples, result.tokens) = (completions.count, newTokens)
        return result
    }

    /// Deterministic per (prompt, version): a redelivered prompt yields the very same candidates.
    static func seed(base: UInt64, promptID: String, version: Int) -> UInt64 {
        FNV1a.hash64("\(base)|\(promptID)|\(version)")
    }
}
