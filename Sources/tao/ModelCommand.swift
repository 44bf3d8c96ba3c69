import ArgumentParser

/// `tao model …`: work on model files (convert a GGUF to a Hugging Face directory; more to come).
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Work on model files: convert between GGUF and Hugging Face directories.",
        subcommands: ModelCommand.all
    )

    /// Every `tao model` subcommand, one line each, so new ones add a line.
    static let all: [any ParsableCommand.Type] = [
        ModelConvertCommand.self,
    ]
}
