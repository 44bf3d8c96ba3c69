import ArgumentParser
import Fleet
import Foundation
import Llama

/// How the coordinator turns updates into versions: `tao-coordinator`'s stage options (and `tao up`'s).
public struct CoordinatorOptions: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "Hugging Face Llama directory (config.json, model.safetensors or shards, tokenizer.json) to start from.",
        discussion: "Used only for a fresh run: with a checkpoint in --checkpoint-dir, training resumes from it. "
            + "Without tokenizer.json only a byte-level model (vocab_size 259) loads, with the byte tokenizer.",
        valueName: "dir"))
    public var baseModel: String

    @Option(help: ArgumentHelp(
        "Directory of the coordinator's checkpoint (checkpoint.json): shared by an active and a standby coordinator.",
        valueName: "dir"))
    public var checkpointDir: String = Self.defaultCheckpointDir

    /// The default `--checkpoint-dir`, relative to the working directory.
    public static let defaultCheckpointDir = "tao-checkpoint"

    @Option(help: "Updates (one scored group each) averaged into one optimiser step and one new policy version.")
    public var updatesPerVersion = 8

    @Option(help: "Peak AdamW learning rate.")
    public var learningRate: Float = 1e-5

    @Option(help: "Linear warm-up steps (versions) to the peak learning rate.")
    public var warmup = 0

    @Option(help: "AdamW decoupled weight decay (matrices only).")
    public var weightDecay: Float = 0

    @Option(help: "Clip the averaged gradient to this global norm; 0 turns clipping off.")
    public var maxGradNorm: Float = 1

    @Option(help: ArgumentHelp(
        "Rank of the LoRA adapter trained over the frozen base (on q/k/v/o); 0 trains every parameter instead.",
        discussion: "A fresh run only: a checkpoint keeps the mode it started with. Trainers follow the policy's "
            + "format on their own."))
    public var loraRank = 8

    @Option(help: "LoRA alpha: the adapter's update is scaled by alpha / rank.")
    public var loraAlpha: Float = 16

    public init() {}

    public func validate() throws {
        guard updatesPerVersion >= 1 else { throw ValidationError("--updates-per-version must be at least 1") }
        guard learningRate > 0, learningRate.isFinite else { throw ValidationError("--learning-rate must be positive") }
        guard warmup >= 0 else { throw ValidationError("--warmup must not be negative") }
        guard weightDecay >= 0, maxGradNorm >= 0 else {
            throw ValidationError("--weight-decay and --max-grad-norm must not be negative")
        }
        guard loraRank >= 0, loraAlpha > 0 else {
            throw ValidationError("--lora-rank must not be negative (0 trains every parameter) and --lora-alpha positive")
        }
    }

    public func settings(maxLag: Int) -> CoordinatorSettings {
        CoordinatorSettings(
            updatesPerVersion: updatesPerVersion,
            schedule: LearningRateSchedule(peak: learningRate, warmupSteps: warmup), weightDecay: weightDecay,
            maxGradNorm: maxGradNorm, maxLag: maxLag,
            adapter: loraRank == 0 ? nil : LoRAConfig(rank: loraRank, alpha: loraAlpha))
    }

    /// Loads `--base-model` as policy version 0 (blocking: call it off the cooperative pool).
    public func loadBaseModel() throws -> LoadedPolicy {
        try LoadedPolicy(directory: URL(fileURLWithPath: baseModel, isDirectory: true))
    }
}

extension CoordinatorOptions {
    /// These options as the coordinator's part of a run's settings (what `tao up` hands its coordinators).
    public func runSettings() -> RunSettings.Coordinator {
        var part = RunSettings.Coordinator(baseModel: baseModel)
        part.checkpointDir = checkpointDir
        part.updatesPerVersion = updatesPerVersion
        part.learningRate = learningRate
        part.warmup = warmup
        part.weightDecay = weightDecay
        part.maxGradNorm = maxGradNorm
        part.loraRank = loraRank
        part.loraAlpha = loraAlpha
        return part
    }

    /// The options `part` describes, validated as if they had been given as flags. (Built on a
    /// value: assigning a wrapped property inside an initializer would re-create its ArgumentParser definition.)
    public init(_ part: RunSettings.Coordinator) throws {
        var options = Self()
        options.baseModel = part.baseModel
        options.checkpointDir = part.checkpointDir
        options.updatesPerVersion = part.updatesPerVersion
        options.learningRate = part.learningRate
        options.warmup = part.warmup
        options.weightDecay = part.weightDecay
        options.maxGradNorm = part.maxGradNorm
        options.loraRank = part.loraRank
        options.loraAlpha = part.loraAlpha
        try options.validate()
        self = options
    }
}
