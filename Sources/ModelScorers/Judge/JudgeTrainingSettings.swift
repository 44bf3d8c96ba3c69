/// How `tao judge train` fine-tunes a yes-no judge on preference pairs.
public struct JudgeTrainingSettings: Codable, Sendable, Hashable {
    /// Passes over the training pairs.
    public var epochs = 1
    /// Pairs per optimiser step (each pair is two questions to the judge, one answered yes, one no).
    public var pairsPerStep = 8
    /// Peak AdamW learning rate of the adapter, decayed linearly to a tenth.
    public var learningRate = 2e-4
    /// Rank of the LoRA adapter trained over the frozen judge; the LM head that reads the verdict stays as it is.
    public var loraRank = 8
    public var loraAlpha = 16.0
    /// Share of prompts (all of a prompt's pairs together) held out to report accuracy; never trained on.
    public var heldOutFraction = 0.2
    public var seed: UInt64 = 1

    public init() {}

    /// - Throws: `JudgeTrainingError.invalidSetting` naming the setting and what it accepts.
    public func validate() throws {
        func check(_ ok: Bool, _ name: String, _ accepted: String) throws {
            if !ok { throw JudgeTrainingError.invalidSetting(name, accepted: accepted) }
        }
        try check(epochs >= 1, "epochs", "a positive integer")
        try check(pairsPerStep >= 1, "pairs-per-step", "a positive integer")
        try check(learningRate > 0 && learningRate.isFinite, "learning-rate", "a positive number")
        try check(loraRank >= 1, "lora-rank", "a positive rank (a judge is tuned through a LoRA adapter)")
        try check(loraAlpha > 0 && loraAlpha.isFinite, "lora-alpha", "a positive number")
        try check(heldOutFraction > 0 && heldOutFraction < 1, "held-out", "a fraction strictly between 0 and 1")
    }
}

public enum JudgeTrainingError: Error, Equatable, CustomStringConvertible {
    case invalidSetting(String, accepted: String)
    case notYesNo(String)
    case tooFewPairs(train: Int, heldOut: Int)
    case notAJudge(String, reason: String)

    public var description: String {
        switch self {
        case .invalidSetting(let name, let accepted): return "invalid judge-training setting \(name): use \(accepted)"
        case .notYesNo(let mode):
            return "judge training fits a yes-no verdict, and the template is \(mode); use --judge-mode yes-no "
                + "(grade and pairwise judges are used as they come)"
        case .tooFewPairs(let train, let heldOut):
            return "the pairs split into \(train) for training and \(heldOut) held out, from too few prompts; "
                + "give pairs for at least 5 different prompts (or change --held-out)"
        case .notAJudge(let path, let reason):
            return "\(path) is not a trained judge (\(reason)); make one with `tao judge train`"
        }
    }
}
