import Evaluation
import Llama
import Tuning

extension ExperimentProfile {
    /// The chat-posed tasks a pretrained instruct model is tuned on (`tao experiment … --model`).
    public static let pretrainedNames = ["docqa-easy-chat", "docqa-chat", "arithmetic-large-chat"]

    /// TAO on a pretrained instruct model (SmolLM2-135M-Instruct is the one measured, docs/results.md): LoRA
    /// (rank 8 on q/k/v/o) over the frozen base, as real runs tune; N = 8 chat replies per prompt of at most 32
    /// tokens, sampled at F16 (twice F32's speed on this model); SFT trains the same adapter on the same prompts'
    /// labels with the same number of optimizer steps (one pass in batches of ``TuningSettings/updatesPerVersion``,
    /// TAO's groups per step). Every arm is measured with 8 samples of up to 32 tokens at F16.
    static func pretrained(_ name: String) -> ExperimentProfile {
        let updatesPerVersion = 2
        var profile = ExperimentProfile(
            warmStart: WarmStartSettings(),
            promptCount: 400,
            fineTune: FineTuneSettings(
                epochs: 1, batchSize: updatesPerVersion, learningRate: 2e-4, loraRank: 8, loraAlpha: 16),
            tuning: TuningSettings(
                runId: "experiment-\(name)", samplesPerPrompt: 8, maxNewTokens: 32, learningRate: 2e-4,
                updatesPerVersion: updatesPerVersion, promptsInFlight: 2 * updatesPerVersion,
                adapter: LoRAConfig(rank: 8, alpha: 16), decodePrecision: .f16),
            snapshotEvery: 25, devCount: 100)
        profile.evalSamples = 8
        profile.evalMaxTokens = 32
        profile.trafficCount = 100
        profile.evalPrecision = .f16
        return profile
    }
}
