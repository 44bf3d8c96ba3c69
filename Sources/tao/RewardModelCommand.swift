import ArgumentParser
import Evaluation
import Foundation
import Llama
import ModelScorers
import Tasks

/// `tao reward-model pairs|train`: bootstrap preference pairs from a labeled slice and the policy's own samples, and
/// train a reward model on them (docs/scoring.md, "Reward model").
struct RewardModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reward-model",
        abstract: "Make preference pairs and train a reward model (Bradley–Terry, a scalar head on the engine).",
        subcommands: [RewardModelPairsCommand.self, RewardModelTrainCommand.self, RewardModelCalibrateCommand.self])
}

/// The labeled slice a reward model's pairs come from by default: training-side items, never the held-out split,
/// and disjoint from the dev split the gate reads.
enum RewardLabels {
    static let seed: UInt64 = 0x4E3D

    static func examples(task: any TaskFamily, count: Int) -> [LabeledExample] {
        let warm = WarmStartSettings()
        let dev = DevSplit.examples(task: task, count: 1_000, excluding: task.labeled(count: warm.examples, seed: warm.dataSeed))
        let held = Set((dev + task.evaluationSplit(count: 1_000)).map(\.prompt.text))
        var seen: Set<String> = []
        var result: [LabeledExample] = []
        for var example in task.labeled(count: count * 4, seed: seed) where !held.contains(example.prompt.text) {
            guard seen.insert(example.prompt.text).inserted else { continue }
            example.prompt.id = "labels-\(result.count)"
            result.append(example)
            if result.count == count { break }
        }
        return result
    }
}

struct RewardModelPairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Preference pairs from labeled prompts: the policy's right samples preferred to its wrong ones.",
        discussion: """
            Samples --samples candidates per labeled prompt from --model, judges each against the label by the task's \
            rules, and writes every (right, wrong) pair — at most --pairs-per-prompt per prompt — as JSONL for \
            `tao reward-model train`. --split labels (the default) is a labeled slice disjoint from the held-out and dev \
            splits; a .jsonl file of {"id","prompt" or "messages","answer"} works too.
            """)

    @Option(help: "The policy that samples: a Hugging Face directory, a GGUF file or a name `tao model fetch` knows.")
    var model: String
    @Option(help: "Built-in task: arithmetic, sql or docqa.") var task = "arithmetic"
    @Option(help: "Difficulty (as `tao eval`).") var difficulty = "medium"
    @Flag(help: "Pose the task as chat (an instruct model's prompts).") var chat = false
    @Option(help: "labels, or a .jsonl file of labeled prompts.") var split = "labels"
    @Option(help: "Labeled prompts to sample.") var count = 300
    @Option(help: "Samples per prompt.") var samples = 8
    @Option(help: "Sampling temperature.") var temperature: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most new tokens per sample.") var maxTokens: Int?
    @Option(name: .customLong("pairs-per-prompt"), help: "Most pairs per prompt.") var pairsPerPrompt = 4
    @Option(help: "Sampling seed.") var seed: UInt64 = 0
    @Option(help: "Where to write the pairs (JSONL).") var out: String

    func run() async throws {
        let task = try TaskChoice.task(named: self.task, difficulty: difficulty, posing: chat ? .chat : .plain)
        let examples = split == "labels"
            ? RewardLabels.examples(task: task, count: count)
            : try EvaluationFile.load(URL(fileURLWithPath: split), task: task.name)
        let evaluator = try Evaluator(directory: try ModelReference.resolve(model))
        let settings = EvaluationSettings(k: 1, samples: samples, temperature: temperature, maxNewTokens: maxTokens, seed: seed)
        let (pairs, summary) = try await evaluator.preferencePairs(
            task: task, examples: examples, settings: settings, pairsPerPrompt: pairsPerPrompt
        ) { done, total in
            FileHandle.standardError.write(Data("\rtao reward-model pairs: \(done)/\(total) prompts".utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        try PreferencePair.jsonLines(pairs).write(toFile: out, atomically: true, encoding: .utf8)
        try JSONLines.print(summary)
    }
}

struct RewardModelTrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a reward model on preference pairs; report held-out pairwise accuracy; save it.",
        discussion: """
            --model is the engine the reward model starts from (any model `tao eval` loads). Pairs are JSONL \
            ({"prompt" or "messages", "chosen", "rejected"}). A share of the prompts (--held-out) is never trained on: it \
            reports pairwise accuracy and fits the calibration σ(a·r + b) that maps rewards into [0, 1]. The directory \
            holds reward_model.json, score.safetensors and the adapter (PEFT) or the whole model.
            """)

    @Option(help: "The starting model: a Hugging Face directory, a GGUF file or a name `tao model fetch` knows.")
    var model: String
    @Option(help: "Preference pairs (JSONL).") var pairs: String
    @Option(help: "Passes over the training pairs.") var epochs = 2
    @Option(name: .customLong("pairs-per-step"), help: "Pairs per optimiser step.") var pairsPerStep = 4
    @Option(name: .customLong("learning-rate"), help: "AdamW learning rate of the body (the adapter's with LoRA).")
    var learningRate = 1e-4
    @Option(name: .customLong("head-learning-rate"), help: "AdamW learning rate of the scalar head.") var headLearningRate = 1e-3
    @Option(name: .customLong("lora-rank"), help: "LoRA rank over the frozen base; 0 trains every parameter.") var loraRank = 8
    @Option(name: .customLong("held-out"), help: "Share of prompts held out.") var heldOut = 0.2
    @Option(name: .customLong("max-response-tokens"), help: "Response tokens read per candidate.") var maxResponseTokens = 64
    @Option(help: "Seed of the head, the adapter, the split and the order.") var seed: UInt64 = 1
    @Option(help: "Directory to write the reward model to.") var out: String

    func run() async throws {
        var settings = RewardModelTrainingSettings()
        (settings.epochs, settings.pairsPerStep, settings.learningRate) = (epochs, pairsPerStep, learningRate)
        (settings.headLearningRate, settings.loraRank, settings.heldOutFraction) = (headLearningRate, loraRank, heldOut)
        (settings.maxResponseTokens, settings.seed) = (maxResponseTokens, seed)
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
        let pairs = try PreferencePair.load(URL(fileURLWithPath: self.pairs))
        let base = try ModelReference.resolve(model)
        let trainer = RewardModelTrainer(settings: settings)
        let model = trainer.makeModel(policy: try LoadedPolicy(path: base))
        let started = ContinuousClock.now
        let report = try trainer.train(model, pairs: pairs) { step, total, loss in
            let elapsed = Double((ContinuousClock.now - started).components.seconds)
            FileHandle.standardError.write(Data(String(
                format: "\rtao reward-model train: step %d/%d, loss %.4f, %.0f s", step, total, loss, elapsed).utf8))
        }
        FileHandle.standardError.write(Data("\n".utf8))
        try RewardModelDirectory.save(model, to: URL(fileURLWithPath: out), basePath: base.path, training: report)
        try JSONLines.print(report)
    }
}

struct RewardModelCalibrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a trained reward model's calibration again on the held-out pairs, weights untouched.",
        discussion: """
            Reads the held-out split of --pairs (the split `tao reward-model train` held out, given the same --held-out \
            and --seed), measures its pairwise accuracy, fits σ(a·r + b) anew and rewrites reward_model.json. For a \
            model whose calibration is stale or came from an older build.
            """)

    @Option(name: .customLong("reward-model"), help: "The reward model's directory.") var rewardModel: String
    @Option(help: "Preference pairs (JSONL), as trained on.") var pairs: String
    @Option(name: .customLong("held-out"), help: "Share of prompts held out, as trained.") var heldOut = 0.2
    @Option(help: "The seed it was trained with (it chooses the split).") var seed: UInt64 = 1

    func run() async throws {
        var settings = RewardModelTrainingSettings()
        (settings.heldOutFraction, settings.seed) = (heldOut, seed)
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
        let directory = URL(fileURLWithPath: rewardModel)
        let model = try RewardModelDirectory.load(directory)
        let report = try RewardModelTrainer(settings: settings).calibrate(
            model, pairs: try PreferencePair.load(URL(fileURLWithPath: pairs)))
        try RewardModelDirectory.recalibrate(at: directory, to: report.calibration)
        try JSONLines.print(report)
    }
}
