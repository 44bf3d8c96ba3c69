import ArgumentParser
import Fleet
import Scoring
import Tasks

/// How a scorer rates candidates: `tao-scorer`'s stage options. (`tao up` spells the same setting
/// `--scorer-config`, since its `--scorers N` is the replica count.)
public struct ScorerOptions: ParsableArguments, Sendable {
    @Option(
        name: [.customLong("scorers"), .customLong("scorer-config")],
        help: ArgumentHelp("The scorer configuration, e.g. verifier or 'verifier+0.2*format'.", valueName: "config"))
    public var scorers = "verifier"

    public init() {}

    /// The configuration must build for at least one built-in task, so a typo fails here and not on the first record.
    public func validate() throws {
        let builds = BuiltInTasks.names.compactMap { name -> Bool? in
            guard let task = try? BuiltInTasks.task(named: name) else { return nil }
            return (try? ScorerRegistry.standard.makeScorer(config: scorers, for: task)) != nil
        }
        guard builds.contains(true) else {
            throw ValidationError(
                "--scorers '\(scorers)' builds for none of the built-in tasks (\(BuiltInTasks.names.joined(separator: ", "))); "
                    + "known scorers: \(ScorerRegistry.standard.names.joined(separator: ", "))")
        }
    }
}

extension ScorerOptions {
    /// These options as the scorers' part of a run's settings.
    public func runSettings() -> RunSettings.Scorer {
        var part = RunSettings.Scorer()
        part.scorers = scorers
        return part
    }

    /// The options `part` describes, validated as if they had been given as flags. (Built on a
    /// value: assigning a wrapped property inside an initializer would re-create its ArgumentParser definition.)
    public init(_ part: RunSettings.Scorer) throws {
        var options = Self()
        options.scorers = part.scorers
        try options.validate()
        self = options
    }
}
