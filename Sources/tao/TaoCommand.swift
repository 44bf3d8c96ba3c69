import ArgumentParser

/// The umbrella CLI: embedded broker, the whole fleet on one machine, eval, benchmarks and serving.
/// Each subcommand is a thin layer that parses options and calls a library service.
@main
struct TaoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao",
        abstract: "Tune a language model from its own traffic (test-time adaptive optimization).",
        subcommands: TaoCommand.all
    )
}
