import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Tuning

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Base vs SFT (labels) vs TAO (same prompts, no labels, through the fleet) on one task.",
        discussion: """
            Warm-starts the task's base (cached), fine-tunes it on the labels of the tuning prompts, runs TAO on the \
            same prompts without labels on the embedded broker, measures all three on held-out and dev prompts, \
            records reward and dev pass@1 across policy versions, and applies the evaluation gate. Writes \
            compare.json, compare.md and plots to --out.
            """
    )

    @OptionGroup var options: ExperimentOptions
    @Option(name: .customLong("sft-lr"), help: "SFT peak learning rate (default: the profile's).") var sftLR: Float?
    @Option(name: .customLong("sft-epochs"), help: "SFT passes over the labels (default: the profile's).")
    var sftEpochs: Int?
    @Option(name: .customLong("passes"), help: "Times TAO goes over the tuning prompts, as recurring traffic.")
    var passes = 1
    @Option(name: .customLong("snapshot-every"), help: "Versions between accuracy snapshots.") var snapshotEvery: Int?
    @Option(name: .customLong("gate-tolerance"), help: "Largest dev pass@1 drop the gate accepts.")
    var gateTolerance = 0.02

    func run() async throws {
        ExperimentOptions.quietLogging()
        var profile = try options.profile()
        if let sftLR { profile.fineTune.learningRate = sftLR }
        if let sftEpochs { profile.fineTune.epochs = sftEpochs }
        let experiment = ComparisonExperiment(
            setup: try options.setup(profile), fineTune: profile.fineTune, tuning: profile.tuning,
            snapshotEvery: snapshotEvery ?? profile.snapshotEvery, gate: EvaluationGate(tolerance: gateTolerance),
            passes: passes)
        let started = ContinuousClock.now
        let result = try await experiment.run { Console.line($0) }
        try options.save(
            result, name: "compare", markdown: result.markdown,
            figures: ["versions.svg": try ExperimentPlots.versions(result),
                      "compare.svg": try ExperimentPlots.comparison([result])],
            since: started)
    }
}
