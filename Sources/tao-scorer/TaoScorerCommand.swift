import ArgumentParser

/// The fleet's scorer stage. A thin entry point: the service itself lands with the fleet issue.
@main
struct TaoScorerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-scorer",
        abstract: "Consumes candidates, runs the configured scorers, produces rollouts.",
        discussion: "Not implemented yet: this executable only prints its help until the fleet lands."
    )

    func run() async throws {
        print(Self.helpMessage())
    }
}
