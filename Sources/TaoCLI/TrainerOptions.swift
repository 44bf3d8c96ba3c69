import ArgumentParser
import Fleet
import RunConfiguration

/// How a trainer learns: the flags over the `trainer` section of the run configuration.
public struct TrainerOptions: ParsableArguments, Sendable {
    /// The RL objectives a trainer can use (defined with the run settings, which name them the same way).
    public typealias Loss = RunSettings.Trainer.Loss

    @Option(help: .key("trainer.loss")) public var loss: Loss?
    @Option(help: .key("trainer.kl")) public var kl: Double?

    public init() {}

    public var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(loss?.rawValue, "trainer.loss", "--loss"),
            .given(kl, "trainer.kl", "--kl"),
        ]
        return given.compactMap { $0 }
    }
}

extension RunSettings.Trainer.Loss: ExpressibleByArgument {}
