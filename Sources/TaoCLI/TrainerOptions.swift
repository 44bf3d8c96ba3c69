import ArgumentParser
import Fleet
import Losses

/// How a trainer learns: `tao-trainer`'s stage options (and `tao up`'s, handed to it as ``RunSettings/Trainer``).
public struct TrainerOptions: ParsableArguments, Sendable {
    /// The RL objectives a trainer can use (defined with the run settings, which name them the same way).
    public typealias Loss = RunSettings.Trainer.Loss

    @Option(help: "The RL objective: grpo (group-normalised advantages), rloo (leave-one-out), dpo (best vs worst pair), best-of-n (imitate the best).")
    public var loss = Loss.grpo

    @Option(help: "KL penalty coefficient toward the sampling policy (grpo and rloo); 0 turns it off.")
    public var kl: Double = 0

    public init() {}

    public func validate() throws {
        guard kl >= 0, kl.isFinite else { throw ValidationError("--kl must be a non-negative number, got \(kl)") }
    }

    public var policyLoss: any PolicyLoss {
        switch loss {
        case .grpo: GRPOLoss(klCoefficient: kl)
        case .rloo: RLOOLoss(klCoefficient: kl)
        case .dpo: DPOLoss()
        case .bestOfN: BestOfNLoss()
        }
    }

    public func settings(maxLag: Int) -> TrainerSettings {
        TrainerSettings(loss: policyLoss, maxLag: maxLag)
    }
}

extension TrainerOptions {
    /// These options as the trainers' part of a run's settings (what `tao up` hands its trainers).
    public func runSettings() -> RunSettings.Trainer {
        var part = RunSettings.Trainer()
        part.loss = loss
        part.kl = kl
        return part
    }

    /// The options `part` describes, validated as if they had been given as flags. (Built on a
    /// value: assigning a wrapped property inside an initializer would re-create its ArgumentParser definition.)
    public init(_ part: RunSettings.Trainer) throws {
        var options = Self()
        options.loss = part.loss
        options.kl = part.kl
        try options.validate()
        self = options
    }
}

extension RunSettings.Trainer.Loss: ExpressibleByArgument {}
