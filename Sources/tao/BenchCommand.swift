import ArgumentParser

/// `tao bench …`: performance measurements printed as JSON lines.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure performance; each result is one JSON line on standard output.",
        subcommands: [BenchModelCommand.self, BenchFleetCommand.self]
    )
}
