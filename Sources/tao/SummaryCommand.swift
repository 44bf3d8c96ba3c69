import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Tuning

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Redraw the figures and tables of finished experiments from their JSON.",
        discussion: """
            Reads compare.json and scaling.json files (from `tao experiment compare` / `scaling`); each run is named \
            by its directory. Writes comparison.svg (held-out pass@1 per run), versions-<run>.svg and \
            scaling-<run>.svg (or <run>.svg when the directory's name starts with "scaling"), and summary.md with \
            every table, to --out.
            """
    )

    @Argument(help: "compare.json or scaling.json files.") var inputs: [String]
    @Option(help: "Directory for the figures and summary.md.") var out: String
    @Option(
        name: .customLong("compare"), parsing: .upToNextOption,
        help: "Runs (directory names) shown in comparison.svg (default: every compare.json given).")
    var comparisonLabels: [String] = []

    func run() throws {
        let decoder = JSONDecoder()
        var comparisons: [(label: String, result: TaskComparison)] = []
        var scalings: [(label: String, result: ScalingResult)] = []
        for input in inputs {
            let url = URL(fileURLWithPath: input)
            // Runs are named by their directory (`--out results/arithmetic` → "arithmetic").
            let label = url.deletingLastPathComponent().lastPathComponent
            let data = try Data(contentsOf: url)
            if let result = try? decoder.decode(TaskComparison.self, from: data) {
                comparisons.append((label, result))
            } else if let result = try? decoder.decode(ScalingResult.self, from: data) {
                scalings.append((label, result))
            } else {
                throw ValidationError("\(input) is neither a compare.json nor a scaling.json of `tao experiment`")
            }
        }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var markdown: [String] = []
        let figure = comparisons.filter { comparisonLabels.isEmpty || comparisonLabels.contains($0.label) }
        if !figure.isEmpty {
            try write(
                try ExperimentPlots.comparison(figure.map(\.result), labels: figure.map(\.label)), "comparison.svg",
                in: directory)
        }
        for (label, result) in comparisons {
            try write(try ExperimentPlots.versions(result), "versions-\(label).svg", in: directory)
            markdown.append("#### `\(label)`\n\n" + result.markdown)
        }
        for (label, result) in scalings {
            // A scaling run's figure is named by its directory (`scaling-docqa` → scaling-docqa.svg).
            let name = label.hasPrefix("scaling") ? label : "scaling-\(label)"
            try write(try ExperimentPlots.scaling(result), "\(name).svg", in: directory)
            markdown.append("#### `\(label)`\n\n" + result.markdown)
        }
        try write(markdown.joined(separator: "\n"), "summary.md", in: directory)
        print("Wrote \(comparisons.count) comparison(s) and \(scalings.count) scaling run(s) to \(directory.path)")
    }

    private func write(_ text: String, _ name: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }
}
