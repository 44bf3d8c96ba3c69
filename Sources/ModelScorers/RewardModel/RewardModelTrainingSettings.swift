/// How `tao reward-model train` fits a reward model to preference pairs.
public struct RewardModelTrainingSettings: Codable, Sendable, Hashable {
    /// Passes over the training pairs.
    public var epochs = 2
    /// Pairs per optimiser step (each pair is two sequences in one batch).
    public var pairsPerStep = 4
    /// Peak AdamW learning rate of the engine's parameters (the adapter's with LoRA); the head's is ``headLearningRate``.
    public var learningRate = 1e-4
    /// AdamW learning rate of the scalar head, which starts from noise and so learns faster than the body.
    public var headLearningRate = 1e-3
    /// Rank of the LoRA adapter trained over the frozen base; 0 trains every parameter.
    public var loraRank = 8
    public var loraAlpha = 16.0
    /// Share of prompts (all of a prompt's pairs together, so no prompt is on both sides) held out to report pairwise
    /// accuracy and to fit the calibration; never trained on.
    public var heldOutFraction = 0.2
    /// Response tokens read per candidate.
    public var maxResponseTokens = 64
    public var seed: UInt64 = 1

    public init() {}

    /// - Throws: `RewardModelError.invalidSetting` naming the setting and what it accepts.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ accepted: String) throws {
            if !ok { throw RewardModelError.invalidSetting(name, accepted: accepted) }
        }
        try check(epochs >= 1, "epochs", "a positive integer")
        try check(pairsPerStep >= 1, "pairs-per-step", "a positive integer")
        try check(learningRate > 0 && learningRate.isFinite, "learning-rate", "a positive number")
        try check(headLearningRate > 0 && headLearningRate.isFinite, "head-learning-rate", "a positive number")
        try check(loraRank >= 0, "lora-rank", "0 (full fine-tune) or a positive rank")
        try check(loraAlpha > 0 && loraAlpha.isFinite, "lora-alpha", "a positive number")
        try check(heldOutFraction > 0 && heldOutFraction < 1, "held-out", "a fraction strictly between 0 and 1")
        try check(maxResponseTokens >= 1, "max-response-tokens", "a positive integer")
    }
}

public enum RewardModelError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String, accepted: String)
    case tooFewPairs(train: Int, heldOut: Int)
    case notARewardModel(String, reason: String)
    case tooLong(tokens: Int, context: Int)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let accepted): return "invalid reward-model setting \(name): use \(accepted)"
        case .tooFewPairs(let train, let heldOut):
            return "the pairs split into \(train) for training and \(heldOut) held out, from too few prompts; "
                + "give pairs for at least 5 different prompts (or change --held-out)"
        case .tooLong(let tokens, let context):
            return "a prompt and response of \(tokens) tokens exceed the reward model's context of \(context); "
                + "lower scorer.reward-model max-response-tokens or shorten the prompts"
        case .notARewardModel(let path, let reason):
            return "\(path) is not a reward model directory (\(reason)); make one with `tao reward-model train`"
        }
    }
}
