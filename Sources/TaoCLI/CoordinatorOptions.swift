import ArgumentParser
import RunConfiguration

/// How the coordinator turns updates into versions: the flags over `model.base`, the `coordinator` section and
/// `lora`.
public struct CoordinatorOptions: ParsableArguments, Sendable {
    @Option(help: .key("model.base", valueName: "dir")) public var baseModel: String?
    @Option(help: .key("coordinator.checkpoint-dir", valueName: "dir")) public var checkpointDir: String?
    @Option(help: .key("coordinator.updates-per-version")) public var updatesPerVersion: Int?
    @Option(help: .key("coordinator.learning-rate")) public var learningRate: Float?
    @Option(help: .key("coordinator.warmup")) public var warmup: Int?
    @Option(help: .key("coordinator.weight-decay")) public var weightDecay: Float?
    @Option(help: .key("coordinator.max-grad-norm")) public var maxGradNorm: Float?
    @Option(help: .key("coordinator.keep-versions")) public var keepVersions: Int?
    @Option(help: .key("coordinator.dedupe-versions")) public var dedupeVersions: Int?
    @Option(help: .key("lora.rank")) public var loraRank: Int?
    @Option(help: .key("lora.alpha")) public var loraAlpha: Float?

    public init() {}

    public var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(baseModel, "model.base", "--base-model"),
            .given(checkpointDir, "coordinator.checkpoint-dir", "--checkpoint-dir"),
            .given(updatesPerVersion, "coordinator.updates-per-version", "--updates-per-version"),
            .given(learningRate, "coordinator.learning-rate", "--learning-rate"),
            .given(warmup, "coordinator.warmup", "--warmup"),
            .given(weightDecay, "coordinator.weight-decay", "--weight-decay"),
            .given(maxGradNorm, "coordinator.max-grad-norm", "--max-grad-norm"),
            .given(keepVersions, "coordinator.keep-versions", "--keep-versions"),
            .given(dedupeVersions, "coordinator.dedupe-versions", "--dedupe-versions"),
            .given(loraRank, "lora.rank", "--lora-rank"),
            .given(loraAlpha, "lora.alpha", "--lora-alpha"),
        ]
        return given.compactMap { $0 }
    }
}
