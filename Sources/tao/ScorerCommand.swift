import ArgumentParser

/// `tao scorer`: questions about scorers themselves.
struct ScorerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scorer",
        abstract: "Check scorers before tuning with them.",
        subcommands: [ScorerAuditCommand.self])
}
