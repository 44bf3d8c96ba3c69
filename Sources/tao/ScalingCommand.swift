import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Tuning

struct ScalingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scaling",
        abstract: "TAO with N candidates per prompt for each N: tuning-time compute against pass@1.",
        discussion: """
            The same base and prompts for every N; each tuned policy is measured like the base (held-out and dev), \
            and its parameter count and greedy answer length show the inference cost. Writes scaling.json, \
            scaling.md and a plot to --out.
            """
    )

    @OptionGroup var options: ExperimentOptions
    @Option(name: .customLong("n"), parsing: .upToNextOption, help: "Candidates per prompt, e.g. --n 1 2 4 8 16.")
    var n: [Int] = [1, 2, 4, 8, 16]
    @Option(
        parsing: .upToNextOption,
        help: "Scorers to tune with, each for every N (default: the profile's), e.g. --scorers random majority.")
    var scorers: [String] = []

    func validate() throws {
        guard !n.isEmpty, n.allSatisfy({ $0 >= 1 }) else { throw ValidationError("--n takes values of at least 1") }
    }

    func run() async throws {
        ExperimentOptions.quietLogging()
        let profile = try options.profile()
        for scorer in scorers { try ExperimentProfile.checkScorer(scorer, for: try options.family) }
        let experiment = ScalingExperiment(
            setup: try options.setup(profile), tuning: profile.tuning, samples: n,
            scorers: scorers.isEmpty ? nil : scorers)
        let started = ContinuousClock.now
        let result = try await experiment.run { Console.line($0) }
        try options.save(
            result, name: "scaling", markdown: result.markdown,
            figures: ["scaling.svg": try ExperimentPlots.scaling(result)], since: started)
    }
}
