import ArgumentParser
import RunConfiguration

/// How a scorer rates candidates: the flag over `scorer.scorers`. (`tao up` spells it `--scorer-config`, since its
/// `--scorers N` is the replica count; both names work here.)
public struct ScorerOptions: ParsableArguments, Sendable {
    @Option(name: [.customLong("scorers"), .customLong("scorer-config")], help: .key("scorer.scorers", valueName: "config"))
    public var scorers: String?

    public init() {}

    public var overrides: [ConfigurationOverride] { [.given(scorers, "scorer.scorers", "--scorers")].compactMap { $0 } }
}
