import ArgumentParser

/// The fleet's generator stage. A thin entry point: the service itself lands with the fleet issue.
@main
struct TaoGeneratorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-generator",
        abstract: "Consumes prompts, samples N candidates per prompt with the newest policy, produces candidates.",
        discussion: "Not implemented yet: this executable only prints its help until the fleet lands."
    )

    func run() async throws {
        print(Self.helpMessage())
    }
}
