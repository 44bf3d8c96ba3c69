import Blobs
import Foundation
import Llama
import Losses
import Messages
import S3Blobs

/// The run settings as the services take them. Values are checked when the configuration is read
/// (RunConfiguration), so these conversions cannot fail on a setting.
extension RunSettings.Shared {
    public var topics: FleetTopics { FleetTopics(runId: runId) }

    /// The blob store `blobStore` names: an S3-compatible object store for `s3://bucket/prefix?endpoint=…`
    /// (credentials from the environment), else a directory (created if missing).
    public func store() throws -> any BlobStore {
        if S3Location.isS3(blobStore) { return try S3BlobStore(location: try S3Location(parsing: blobStore)) }
        return try DirectoryBlobStore(root: URL(fileURLWithPath: blobStore, isDirectory: true))
    }
}

extension RunSettings.Generator {
    public var sampling: SamplingParameters {
        SamplingParameters(temperature: temperature, topP: topP, maxNewTokens: maxTokens, stopSequences: stop, seed: seed)
    }

    public func serviceSettings(maxLag: Int) -> GeneratorSettings {
        GeneratorSettings(
            samplesPerPrompt: samples, sampling: sampling, maxLag: maxLag, templates: templates,
            decodePrecision: decodePrecision ?? .f32, heldBack: HeldBack(fraction: heldBack))
    }
}

extension RunSettings.Trainer {
    public var policyLoss: any PolicyLoss {
        switch loss {
        case .grpo: GRPOLoss(klCoefficient: kl)
        case .rloo: RLOOLoss(klCoefficient: kl)
        case .dpo: DPOLoss()
        case .bestOfN: BestOfNLoss()
        }
    }

    public func serviceSettings(maxLag: Int) -> TrainerSettings { TrainerSettings(loss: policyLoss, maxLag: maxLag) }
}

extension RunSettings.Coordinator {
    public func serviceSettings(maxLag: Int) -> CoordinatorSettings {
        CoordinatorSettings(
            updatesPerVersion: updatesPerVersion,
            schedule: LearningRateSchedule(peak: learningRate, warmupSteps: warmup), weightDecay: weightDecay,
            maxGradNorm: maxGradNorm, maxLag: maxLag,
            adapter: loraRank == 0 ? nil : LoRAConfig(rank: loraRank, alpha: loraAlpha),
            retention: BlobRetention(keepVersions: keepVersions), dedupeVersions: dedupeVersions)
    }

    /// Loads `baseModel` as policy version 0 (blocking: call it off the cooperative pool).
    public func loadBaseModel() throws -> LoadedPolicy {
        try LoadedPolicy(directory: URL(fileURLWithPath: baseModel, isDirectory: true))
    }
}
