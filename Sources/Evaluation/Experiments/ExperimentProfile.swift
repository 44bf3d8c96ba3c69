import Tasks

/// Per-task defaults of the experiments: the base, the prompt budget and the SFT and TAO settings, each chosen on the
/// dev split (docs/results.md says how). Flags of `tao experiment` override any of them.
public struct ExperimentProfile: Sendable {
    public var warmStart: WarmStartSettings
    /// Distinct tuning prompts (SFT's labeled set, TAO's unlabeled traffic).
    public var promptCount: Int
    public var fineTune: FineTuneSettings
    public var tuning: TuningSettings
    /// Versions between accuracy snapshots.
    public var snapshotEvery: Int

    /// The profile of a task by its cache name (`arithmetic-easy`, `sql`, `docqa`), or `nil` when it has none.
    public static func named(_ name: String) -> ExperimentProfile? {
        switch name {
        case "arithmetic-easy": return arithmetic
        default: return nil
        }
    }

    /// Easy arithmetic: the demo's base (17 % held-out pass@1, 52 % pass@8).
    public static let arithmetic = ExperimentProfile(
        warmStart: WarmStartSettings(),
        promptCount: 2000,
        fineTune: FineTuneSettings(epochs: 1, learningRate: 3e-4),
        tuning: TuningSettings(
            runId: "experiment-arithmetic", samplesPerPrompt: 16, maxNewTokens: 10, learningRate: 5e-5,
            updatesPerVersion: 2, promptsInFlight: 4),
        snapshotEvery: 100)
}
