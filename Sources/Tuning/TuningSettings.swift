import Evaluation
import Fleet
import Llama
import Losses
import Scoring

/// The TAO hyper-parameters of an in-process run (see ``TuningRun``).
public struct TuningSettings: Sendable {
    /// Prefix of the run's topics and consumer groups.
    public var runId: String
    /// N, candidates per prompt (one GRPO group).
    public var samplesPerPrompt: Int
    public var temperature: Float
    /// Most new tokens per candidate; answers end at `"\n"`.
    public var maxNewTokens: Int
    /// Scorer config (see docs/scoring.md); `verifier` is the task's exact, label-free checker.
    public var scorerConfig: String
    /// Where the scorer's names are looked up: the built-in scorers, plus a reward model or judge when configured.
    public var scorers: ScorerRegistry = .standard
    /// Constant AdamW learning rate after a short warm-up.
    public var learningRate: Float
    public var warmupSteps: Int
    /// Groups averaged into one AdamW step (one policy version).
    public var updatesPerVersion: Int
    /// Work more than this many versions behind the newest is not used.
    public var maxLag: Int
    public var maxGradNorm: Float
    public var loss: any PolicyLoss
    /// Prompts published but not yet trained on (flow control: keeps rollouts fresh, so few go stale).
    public var promptsInFlight: Int
    /// Mixed with each prompt id and policy version for the candidates' sampling.
    public var seed: UInt64
    /// A LoRA adapter trained over the frozen base (a real model's runs: the base is published once, adapters per
    /// version), or `nil` to train every parameter (the small bases of the experiments).
    public var adapter: LoRAConfig?
    /// The generators' decoding weights: `.f16` about doubles sampling speed on a real model
    /// (docs/performance.md); `.f32` is the reference.
    public var decodePrecision: DecodePrecision

    public init(
        runId: String = "demo", samplesPerPrompt: Int = 16, temperature: Float = 1, maxNewTokens: Int = 12,
        scorerConfig: String = "verifier", learningRate: Float = 5e-5, warmupSteps: Int = 5,
        updatesPerVersion: Int = 2, maxLag: Int = 4, maxGradNorm: Float = 1, loss: any PolicyLoss = GRPOLoss(),
        promptsInFlight: Int = 8, seed: UInt64 = 7, adapter: LoRAConfig? = nil, decodePrecision: DecodePrecision = .f32
    ) {
        self.adapter = adapter
        self.decodePrecision = decodePrecision
        self.runId = runId
        self.samplesPerPrompt = samplesPerPrompt
        self.temperature = temperature
        self.maxNewTokens = maxNewTokens
        self.scorerConfig = scorerConfig
        self.learningRate = learningRate
        self.warmupSteps = warmupSteps
        self.updatesPerVersion = updatesPerVersion
        self.maxLag = maxLag
        self.maxGradNorm = maxGradNorm
        self.loss = loss
        self.promptsInFlight = promptsInFlight
        self.seed = seed
    }

    var sampling: SamplingParameters {
        SamplingParameters(temperature: temperature, maxNewTokens: maxNewTokens, stopSequences: ["\n"], seed: seed)
    }
}

/// When an in-process run stops publishing prompts: after `prompts`, or after `duration`, whichever comes first.
public struct TuningBudget: Sendable, Equatable {
    public var prompts: Int
    public var duration: Duration?

    public init(prompts: Int, duration: Duration? = nil) {
        precondition(prompts >= 1, "a tuning run needs at least one prompt")
        self.prompts = prompts
        self.duration = duration
    }
}

/// A snapshot of a run, for progress lines.
public struct TuningProgress: Sendable, Equatable {
    /// The coordinator's newest committed policy version.
    public var version: Int
    public var promptsSent: Int
    /// Prompts whose group was applied to the policy, or dropped (stale, rejected).
    public var promptsDone: Int
    /// Groups dropped for staleness.
    public var stale: Int
    /// Mean reward of the most recent scored groups (`nil` before the first).
    public var recentReward: Double?
    public var elapsed: Duration
}

/// Policies kept during a run, for accuracy-by-version curves (see ``TuningRun``).
public struct TuningSnapshots: Sendable {
    /// Versions between snapshots.
    public var every: Int
    /// Receives each snapshot (typically saves it as a Hugging Face directory).
    public var save: @Sendable (LoadedPolicy) async throws -> Void

    public init(every: Int, save: @escaping @Sendable (LoadedPolicy) async throws -> Void) {
        precondition(every >= 1, "snapshots need a positive interval")
        self.every = every
        self.save = save
    }
}

/// What a run ends with.
public struct TuningOutcome: Sendable {
    /// The coordinator's newest committed policy.
    public var policy: LoadedPolicy
    public var progress: TuningProgress
    /// Mean reward of the groups sampled from each policy version.
    public var rewardByVersion: [VersionReward]
}
