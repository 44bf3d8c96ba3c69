import ArgumentParser
import Fleet
import Foundation

/// A stage executable (`tao-generator`, `tao-scorer`, `tao-trainer`, `tao-coordinator`): its options come from flags
/// as usual, or — given `--settings FILE`, which is how `tao up` starts its children — from a ``RunSettings`` file.
///
/// The rule with `--settings`: the command line may hold nothing but the Kafka connection (`--kafka-bootstrap`,
/// `--kafka-option`), which the file never holds. A mix is refused rather than merged, so every value has exactly one
/// source and a flag can neither silently lose to the file nor silently override it. `main()` decides before the
/// stage's own options are parsed, which is why those the stage requires as flags (`--blob-store`, `--base-model`)
/// need not be given then.
public protocol StageCommand: AsyncParsableCommand {
    var kafka: KafkaOptions { get set }
    var fleet: FleetOptions { get set }
    /// Takes the stage's own options (beyond `kafka` and `fleet`) from `settings`, validated as parsing flags would.
    mutating func adopt(_ settings: RunSettings) throws
}

extension StageCommand {
    /// The stage with every option taken from `settings`, reaching Kafka as `kafka` says; validates each option group
    /// as parsing flags would. (Built on a value: assigning a wrapped property inside an initializer would re-create
    /// its ArgumentParser definition.)
    public init(kafka: KafkaOptions, settings: RunSettings) throws {
        var command = Self()
        command.kafka = kafka
        command.fleet = try FleetOptions(settings.shared)
        try command.adopt(settings)
        self = command
    }

    public static func main() async {
        do {
            guard let (kafka, settings) = try SettingsCommandLine.read(Array(CommandLine.arguments.dropFirst())) else {
                await main(nil)
                return
            }
            var command = try Self(kafka: kafka, settings: settings)
            try await command.run()
        } catch {
            exit(withError: error)
        }
    }
}

/// A stage's command line when it names a settings file: `--settings FILE` and the Kafka connection, nothing else.
public struct SettingsCommandLine: ParsableArguments {
    @OptionGroup var kafka: KafkaOptions
    @OptionGroup var file: SettingsFileOption
    /// Everything else, to refuse by name.
    @Argument(parsing: .allUnrecognized) var others: [String] = []

    public init() {}

    public func validate() throws {
        guard let other = others.first else { return }
        throw ValidationError(
            "\(other) cannot be given with --settings FILE: a stage given a run settings file takes every option but "
                + "--kafka-bootstrap and --kafka-option from it. Drop \(other), or drop --settings and give every "
                + "option as a flag")
    }

    /// The Kafka options and the run settings `arguments` name, or `nil` when they name no settings file (or ask for
    /// help, which the stage's own parser gives).
    public static func read(_ arguments: [String]) throws -> (kafka: KafkaOptions, settings: RunSettings)? {
        guard arguments.contains(where: { $0 == "--settings" || $0.hasPrefix("--settings=") }),
              !arguments.contains(where: { $0 == "-h" || $0 == "--help" })
        else { return nil }
        let given = try parse(arguments)
        guard let path = given.file.settings else { return nil }
        return (given.kafka, try RunSettings(contentsOf: URL(fileURLWithPath: path)))
    }
}
