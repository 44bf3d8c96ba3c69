import ArgumentParser

/// `tao experiment …`: the measurements behind docs/results.md, one command each.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Reproducible experiments: base vs SFT vs TAO, and tuning-time compute scaling.",
        discussion: "Results go to --out as JSON and SVG plots; docs/results.md lists the exact commands.",
        subcommands: [CompareCommand.self, ScalingCommand.self, SummaryCommand.self]
    )
}
