import Foundation

/// Every option of a run's stages, as one typed value: the shared part (run id, blob store, metrics, staleness) and
/// one part per stage.
///
/// `tao up` builds it from its options, writes it once as `<run-dir>/settings.json` and starts each child with
/// `--settings <run-dir>/settings.json`; a stage executable given `--settings FILE` takes all its options from the
/// file (any other flag but the Kafka connection is refused, so a value never has two sources). Each option group in
/// TaoCLI converts to and from its part in one place — `GeneratorOptions.runSettings()` and
/// `GeneratorOptions(_:)`, and so on — so a new option is an `@Option` in its group, a field in its part here (with
/// the same default; TaoCLITests compare them) and one line in each of the two conversions.
///
/// Not in it: the Kafka connection (`--kafka-bootstrap`, `--kafka-option`, `TAO_KAFKA_*`). It can carry
/// credentials, so it stays on the command line and in the environment and is never written to a file.
///
/// This is the seam a YAML run configuration will replace: that file will decode into this type (or its successor)
/// and be handed to the stages the same way, with no change to the stages or the option groups. Until then every
/// field is written, and a missing field is a decoding error rather than a silent default.
public struct RunSettings: Codable, Equatable, Sendable {
    public var shared: Shared
    public var generator: Generator
    public var scorer: Scorer
    public var trainer: Trainer
    public var coordinator: Coordinator

    public init(
        shared: Shared, generator: Generator = Generator(), scorer: Scorer = Scorer(), trainer: Trainer = Trainer(),
        coordinator: Coordinator
    ) {
        self.shared = shared
        self.generator = generator
        self.scorer = scorer
        self.trainer = trainer
        self.coordinator = coordinator
    }

    /// The name `tao up` gives the file in its run directory.
    public static let fileName = "settings.json"

    /// Reads a settings file written by ``write(to:)``.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw RunSettingsError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: data)
        } catch let error as DecodingError {
            throw RunSettingsError.invalid(path: url.path, reason: RunSettingsError.describe(error))
        } catch {
            throw RunSettingsError.invalid(path: url.path, reason: "\(error)")
        }
    }

    /// Writes these settings as pretty-printed JSON with sorted keys, atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(self).write(to: url, options: .atomic)
    }
}

/// A run settings file that cannot be used.
public enum RunSettingsError: Error, Equatable, Sendable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalid(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            "cannot read the run settings file \(path) (\(reason)); tao up writes it as <run-dir>/\(RunSettings.fileName) — "
                + "pass that file to --settings, or give the stage's options as flags instead"
        case .invalid(let path, let reason):
            "\(path) is not a run settings file: \(reason); write it with tao up (or RunSettings.write(to:)) from the "
                + "same build as this stage"
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func at(_ context: DecodingError.Context) -> String {
            context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let path = at(context)
            return "\(path.isEmpty ? "" : path + ".")\(key.stringValue) is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(at(context).isEmpty ? "the file" : at(context)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
