import Foundation
import Testing

@testable import RunConfiguration

/// Default < file < environment < flag, with the source of every value kept; mappings merge across sources.
@Suite struct ConfigurationPrecedenceTests {
    func file(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("run-\(UUID().uuidString).yaml")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func environmentBeatsTheFileAndFlagsBeatBoth() throws {
        let path = try file("generator:\n  samples: 4\n  temperature: 0.5\n  max-tokens: 32\n")
        let resolved = try ConfigurationResolver.resolve(
            file: path,
            environment: ["TAO_GENERATOR_TEMPERATURE": "0.9", "TAO_GENERATOR_MAX_TOKENS": "48"],
            overrides: [
                ConfigurationOverride(key: "generator.max-tokens", value: .text("96"), flag: "--max-tokens"),
                try ConfigurationOverride.parseSet("run.id=from-flag"),
            ])
        let generator = resolved.configuration.settings.generator
        #expect(generator.samples == 4)
        #expect(generator.temperature == 0.9)
        #expect(generator.maxTokens == 96)
        #expect(resolved.configuration.settings.shared.runId == "from-flag")
        #expect(resolved.source(of: "generator.samples") == .file(path: path, line: 2))
        #expect(resolved.source(of: "generator.temperature") == .environment(variable: "TAO_GENERATOR_TEMPERATURE"))
        #expect(resolved.source(of: "generator.max-tokens") == .flag("--max-tokens"))
        #expect(resolved.source(of: "run.id") == .flag("--set run.id"))
    }

    @Test func listsAndMappingsFromTheEnvironmentAreYAML() throws {
        let resolved = try ConfigurationResolver.resolve(
            file: nil,
            environment: [
                "TAO_GENERATOR_STOP": #"["\n", "END"]"#, "TAO_GENERATOR_TEMPLATES": #"{arithmetic: "Q: {text} A:"}"#,
                "TAO_SCORER_SCORERS": "verifier+0.5*format",
            ])
        #expect(resolved.configuration.settings.generator.stop == ["\n", "END"])
        #expect(resolved.configuration.settings.generator.templates == ["arithmetic": "Q: {text} A:"])
        #expect(resolved.configuration.settings.scorer.scorers == "verifier+0.5*format")
    }

    @Test func kafkaPropertiesMergeFromFileEnvironmentAndFlags() throws {
        let path = try file("kafka:\n  bootstrap: file:9092\n  properties:\n    acks: all\n    linger.ms: \"5\"\n")
        let resolved = try ConfigurationResolver.resolve(
            file: path, environment: ["TAO_KAFKA_LINGER_MS": "20", "TAO_KAFKA_BOOTSTRAP": "env:9092", "TAO_KAFKA_PORT": "tcp://x"],
            overrides: [ConfigurationOverride(key: "kafka.properties", value: .items(["client.id=me"]), flag: "--kafka-option")])
        #expect(resolved.configuration.kafka.bootstrap == "env:9092")
        #expect(resolved.configuration.kafka.properties == ["acks": "all", "linger.ms": "20", "client.id": "me"])
        #expect(resolved.warnings.contains { $0.contains("TAO_KAFKA_PORT") })
    }

    @Test func badValuesFromTheEnvironmentAndFlagsNameTheirSource() throws {
        let environment = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(file: nil, environment: ["TAO_GENERATOR_SAMPLES": "many"])
        }
        #expect("\(environment!)" == "env TAO_GENERATOR_SAMPLES: generator.samples cannot be 'many': it must be an integer ≥ 1")
        let flag = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(file: nil, environment: [:], overrides: [try .parseSet("trainer.kl=-1")])
        }
        #expect("\(flag!)" == "flag --set trainer.kl: trainer.kl cannot be '-1': it must be a number ≥ 0")
        let unknown = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(file: nil, environment: [:], overrides: [try .parseSet("generator.sample=3")])
        }
        #expect("\(unknown!)".contains("did you mean generator.samples?"), "\(unknown!)")
        #expect(throws: ConfigurationError.malformedOverride("nothing")) { try ConfigurationOverride.parseSet("nothing") }
    }

    @Test func aRequiredKeySaysEveryWayToSetIt() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(file: nil, environment: [:], requiring: ["run.blob-store"])
        }
        #expect("\(error!)" == "run.blob-store is required: set it in the configuration file (--config), in TAO_RUN_BLOB_STORE, --blob-store, or with --set run.blob-store=VALUE")
    }
}
