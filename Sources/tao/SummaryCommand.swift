import ArgumentParser
import Evaluation
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Redraw the figures and tables of finished experiments from their JSON.",
        discussion: """
            Reads compare.json and scaling.json files (from `tao experiment compare` / `scaling`) and writes \
            comparison.svg (held-out pass@1 per task), each run's versions.svg / scaling.svg and a Markdown summary \
            to --out.
            """
    )

    @Argument(help: "compare.json or scaling.json files.") var inputs: [String]
    @Option(help: "Directory for the figures and summary.md.") var out: String

    func run() throws {
        let decoder = JSONDecoder()
        var comparisons: [TaskComparison] = []
        var scalings: [ScalingResult] = []
        for input in inputs {
            let data = try Data(contentsOf: URL(fileURLWithPath: input))
            if let result = try? decoder.decode(TaskComparison.self, from: data) {
                comparisons.append(result)
            } else if let result = try? decoder.decode(ScalingResult.self, from: data) {
                scalings.append(result)
            } else {
                throw ValidationError("\(input) is neither a compare.json nor a scaling.json of `tao experiment`")
            }
        }
        let directory = URL(fileURLWithPath: out)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var markdown: [String] = []
        if !comparisons.isEmpty {
            try write(try ExperimentPlots.comparison(comparisons), "comparison.svg", in: directory)
            for result in comparisons {
                try write(try ExperimentPlots.versions(result), "versions-\(result.task).svg", in: directory)
                markdown.append(result.markdown)
            }
        }
        for result in scalings {
            try write(try ExperimentPlots.scaling(result), "scaling-\(result.task).svg", in: directory)
            markdown.append(result.markdown)
        }
        try write(markdown.joined(separator: "\n"), "summary.md", in: directory)
        print("Wrote \(comparisons.count) comparison(s) and \(scalings.count) scaling run(s) to \(directory.path)")
    }

    private func write(_ text: String, _ name: String, in directory: URL) throws {
        try Data(text.utf8).write(to: directory.appendingPathComponent(name))
    }
}
