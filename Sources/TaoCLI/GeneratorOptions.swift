import ArgumentParser
import RunConfiguration

/// How a generator samples: the flags over the `generator` section of the run configuration. A flag given
/// overrides the file and the environment; one not given leaves them be.
public struct GeneratorOptions: ParsableArguments, Sendable {
    @Option(name: [.customShort("n"), .long], help: .key("generator.samples")) public var samples: Int?
    @Option(help: .key("generator.temperature")) public var temperature: Float?
    @Option(help: .key("generator.top-p")) public var topP: Float?
    @Option(help: .key("generator.max-tokens")) public var maxTokens: Int?
    @Option(help: .key("generator.stop", valueName: "text")) public var stop: [String] = []
    @Option(help: .key("generator.templates", valueName: "task=text")) public var template: [String] = []
    @Option(help: .key("generator.seed")) public var seed: UInt64?
    @Option(help: .key("generator.decode-precision")) public var decodePrecision: String?

    public init() {}

    /// The flags that were given, as configuration overrides.
    public var overrides: [ConfigurationOverride] {
        let given: [ConfigurationOverride?] = [
            .given(samples, "generator.samples", "--samples"),
            .given(temperature, "generator.temperature", "--temperature"),
            .given(topP, "generator.top-p", "--top-p"),
            .given(maxTokens, "generator.max-tokens", "--max-tokens"),
            .given(stop, "generator.stop", "--stop"),
            .given(template, "generator.templates", "--template"),
            .given(seed, "generator.seed", "--seed"),
            .given(decodePrecision, "generator.decode-precision", "--decode-precision"),
        ]
        return given.compactMap { $0 }
    }
}
