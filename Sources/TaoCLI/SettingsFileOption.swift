import ArgumentParser

/// `--settings FILE`: a stage's options from a run settings file instead of flags. Every stage executable includes it
/// (so `--help` lists it); ``StageCommand`` reads it before the stage's own options are parsed.
public struct SettingsFileOption: ParsableArguments, Sendable {
    @Option(help: ArgumentHelp(
        "Take every option but --kafka-bootstrap and --kafka-option from this run settings file.",
        discussion: "A JSON RunSettings, as tao up writes it to <run-dir>/settings.json for its children. Any other "
            + "flag given with it is refused: each value has one source.",
        valueName: "file"))
    public var settings: String?

    public init() {}
}
