import Llama

/// How ``Evaluator`` measures a model. Use the same settings for every model you compare.
public struct EvaluationSettings: Sendable, Equatable, Codable {
    /// k of pass@k.
    public var k: Int
    /// n ≥ k samples per prompt at ``temperature``, for pass@k, sampled accuracy and mean reward.
    public var samples: Int
    public var temperature: Float
    /// Most new tokens per completion; `nil`: the longest reference answer plus 8 (answers end at `"\n"`).
    public var maxNewTokens: Int?
    /// Seed of the sampling; mixed with each prompt's id, so one prompt's samples do not depend on the others.
    public var seed: UInt64
    /// The scorer for mean reward (see docs/scoring.md), e.g. `verifier`; `nil` skips the reward.
    public var scorerConfig: String?
    /// The decoding steps' weights (``DecodePrecision``); `nil` is `.f32`, the reference. `.f16` about doubles the
    /// speed of evaluating a real model; compare models only at the same precision.
    public var decodePrecision: DecodePrecision?

    public init(
        k: Int = 8, samples: Int = 16, temperature: Float = 1, maxNewTokens: Int? = nil, seed: UInt64 = 0,
        scorerConfig: String? = "verifier", decodePrecision: DecodePrecision? = nil
    ) {
        self.decodePrecision = decodePrecision
        self.k = k
        self.samples = samples
        self.temperature = temperature
        self.maxNewTokens = maxNewTokens
        self.seed = seed
        self.scorerConfig = scorerConfig
    }

    /// Throws a message naming the bad value.
    public func validate() throws {
        guard k >= 1 else { throw EvaluationError.invalidSettings("k must be at least 1, got \(k)") }
        guard samples >= k else {
            throw EvaluationError.invalidSettings("samples (\(samples)) must be at least k (\(k)) for pass@k")
        }
        guard temperature > 0, temperature.isFinite else {
            throw EvaluationError.invalidSettings("the sampling temperature must be positive, got \(temperature)")
        }
        if let maxNewTokens, maxNewTokens < 1 {
            throw EvaluationError.invalidSettings("max new tokens must be at least 1, got \(maxNewTokens)")
        }
    }
}

/// Why an evaluation could not run.
public enum EvaluationError: Error, Equatable, CustomStringConvertible {
    case invalidSettings(String)
    case noExamples

    public var description: String {
        switch self {
        case .invalidSettings(let reason): return "invalid evaluation settings: \(reason)"
        case .noExamples: return "nothing to evaluate: the split or file has no examples"
        }
    }
}
