import ArgumentParser

/// The fleet's trainer stage. A thin entry point: the service itself lands with the fleet issue.
@main
struct TaoTrainerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-trainer",
        abstract: "Consumes rollouts, computes the RL loss, produces policy updates.",
        discussion: "Not implemented yet: this executable only prints its help until the fleet lands."
    )

    func run() async throws {
        print(Self.helpMessage())
    }
}
