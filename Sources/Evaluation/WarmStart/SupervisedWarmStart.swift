import Foundation
import Llama
import Tasks

/// Trains a base policy from scratch by supervised fine-tuning on a task's labeled examples: our stand-in for a
/// pretrained model, good enough to answer some held-out prompts and bad enough to leave TAO something to sharpen.
///
/// Each step samples ``WarmStartSettings/batchSize`` examples (with replacement, from a fixed seed), runs
/// `[BOS] prompt answer "\n"` through the model with the loss on the answer and terminator only (see
/// `SupervisedBatch`), clips the gradient and takes an AdamW step on the warm-up + cosine schedule. Everything is
/// seeded: equal settings give bit-identical weights in one build on one machine.
///
/// Blocking and CPU-bound (seconds to minutes): call it from a dedicated thread or `BlockingWorker`.
public enum SupervisedWarmStart {
    /// One optimiser step's outcome, reported after the step.
    public struct Progress: Sendable, Equatable {
        /// 1-based.
        public var step: Int
        public var steps: Int
        /// Mean cross-entropy per answer token of this step's batch, before the update.
        public var loss: Float
        public var learningRate: Float
    }

    /// A freshly trained model.
    /// - Throws: ``WarmStartError`` when the settings do not fit the byte tokenizer or the task's items.
    public static func train(
        task: any TaskFamily, settings: WarmStartSettings, progress: (Progress) -> Void = { _ in }
    ) throws -> LlamaModel {
        let tokenizer = ByteTokenizer()
        try validate(settings, tokenizer: tokenizer)
        let examples = task.labeled(count: settings.examples, seed: settings.dataSeed)
        guard !examples.isEmpty else { throw WarmStartError.noExamples(task: task.name) }
        let longest = examples.map { tokenizer.encode($0.prompt.text + $0.completion).count + 1 }.max() ?? 0
        guard longest <= settings.model.maxPositionEmbeddings else {
            throw WarmStartError.tooLong(tokens: longest, positions: settings.model.maxPositionEmbeddings)
        }
        let model = LlamaModel(config: settings.model, seed: settings.seed)
        let optimizer = AdamW(
            layout: model.parameters.arena.layout, beta2: settings.beta2, weightDecay: settings.weightDecay,
            decays: { $0.shape.rank > 1 })
        let schedule = settings.schedule
        var random = TaskRandom(seed: settings.seed &* 0x9E37_79B9_7F4A_7C15 ^ 0xBA7C)
        for step in 0..<settings.steps {
            let picked = (0..<settings.batchSize).map { _ in examples[random.int(in: 0...(examples.count - 1))] }
            let learningRate = schedule.learningRate(at: step)
            let loss = try SupervisedBatch(picked, tokenizer: tokenizer).trainStep(
                model, optimizer: optimizer, learningRate: learningRate, maxGradNorm: settings.maxGradNorm)
            progress(Progress(step: step + 1, steps: settings.steps, loss: loss, learningRate: learningRate))
        }
        return model
    }

    /// Where ``cachedOrTrain(task:settings:cacheRoot:progress:)`` keeps a base: `<root>/base-<task>-<key>`, the
    /// key hashing the settings, the task's cache name and its data version (so a new SQL database retrains).
    public static func cacheDirectory(task: any TaskFamily, settings: WarmStartSettings, root: URL) -> URL {
        let name = TaskChoice.cacheName(task)
        let keyed = [name, task.dataVersion].compactMap { $0 }.joined(separator: " ")
        return root.appendingPathComponent("base-\(name)-\(settings.cacheKey(task: keyed))")
    }

    /// The cached base for these settings if a complete one exists (its `config.json` is written last), otherwise
    /// trains one and saves it there as a Hugging Face directory.
    /// - Returns: the directory, and whether it was trained now (false: reused).
    public static func cachedOrTrain(
        task: any TaskFamily, settings: WarmStartSettings, cacheRoot: URL, progress: (Progress) -> Void = { _ in }
    ) throws -> (directory: URL, trained: Bool) {
        let directory = cacheDirectory(task: task, settings: settings, root: cacheRoot)
        let config = directory.appendingPathComponent(HFModelDirectory.configFileName)
        if FileManager.default.fileExists(atPath: config.path) { return (directory, false) }
        let model = try train(task: task, settings: settings, progress: progress)
        try save(model, to: directory)
        return (directory, true)
    }

    /// Writes `model` with the byte tokenizer's `tokenizer.json` as a Hugging Face directory.
    public static func save(_ model: LlamaModel, to directory: URL) throws {
        try model.save(to: directory, tokenizerJSON: try ByteTokenizer().tokenizerJSON())
    }

    static func validate(_ settings: WarmStartSettings, tokenizer: ByteTokenizer) throws {
        let m = settings.model
        guard m.vocabSize == tokenizer.vocabSize, m.bosTokenId == tokenizer.bosTokenId,
              m.eosTokenIds == tokenizer.eosTokenIds
        else { throw WarmStartError.notByteVocabulary(vocabSize: m.vocabSize) }
        guard settings.steps >= 1, settings.batchSize >= 1, settings.examples >= 1 else {
            throw WarmStartError.invalid("steps, batch size and examples must each be at least 1")
        }
        guard settings.learningRate > 0, settings.minLearningRate >= 0, settings.warmupSteps >= 0 else {
            throw WarmStartError.invalid("learning rates must be positive and warm-up steps not negative")
        }
    }
}

/// Why a warm start could not run.
public enum WarmStartError: Error, Equatable, CustomStringConvertible {
    case notByteVocabulary(vocabSize: Int)
    case noExamples(task: String)
    case tooLong(tokens: Int, positions: Int)
    case invalid(String)

    public var description: String {
        switch self {
        case .notByteVocabulary(let vocabSize):
            return "the warm start trains over ByteTokenizer ids: the model needs vocab_size 259, BOS 256 and EOS 257 "
                + "(got vocab_size \(vocabSize))"
        case .noExamples(let task):
            return "task '\(task)' produced no labeled examples; ask for at least one"
        case .tooLong(let tokens, let positions):
            return "a training sequence has \(tokens) tokens but the model only \(positions) positions; "
                + "raise max_position_embeddings"
        case .invalid(let reason):
            return "invalid warm-start settings: \(reason)"
        }
    }
}
