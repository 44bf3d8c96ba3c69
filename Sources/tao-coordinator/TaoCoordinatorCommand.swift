import ArgumentParser

/// The fleet's coordinator stage. A thin entry point: the service itself lands with the fleet issue.
@main
struct TaoCoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tao-coordinator",
        abstract: "Applies updates, commits policy versions, announces them on the policy topic.",
        discussion: "Not implemented yet: this executable only prints its help until the fleet lands."
    )

    func run() async throws {
        print(Self.helpMessage())
    }
}
