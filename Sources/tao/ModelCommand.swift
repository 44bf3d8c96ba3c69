import ArgumentParser

/// `tao model`: pretrained models — fetch one by name, list the names, convert a GGUF file to a Hugging Face
/// directory.
struct ModelCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model",
        abstract: "Fetch, list and convert pretrained models.",
        subcommands: ModelCommand.all
    )

    /// Every `tao model` subcommand, one line each.
    static let all: [any ParsableCommand.Type] = [
        ModelFetchCommand.self,
        ModelListCommand.self,
        ModelConvertCommand.self,
    ]
}
