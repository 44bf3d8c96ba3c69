import Foundation
import Testing

@testable import RunConfiguration

/// The YAML file: values land in the right fields, and every mistake names the key, the file and line, and what is
/// allowed.
@Suite struct ConfigurationFileTests {
    static let yaml = """
        run:
          id: nightly-7
          blob-store: /shared/blobs
        model:
          base: /models/smollm2
        generator:
          samples: 4
          temperature: 0.7
          stop: ["\\n", "."]
          templates:
            docqa: "Context: {text}\\nAnswer:"
          decode-precision: f16
        scorer:
          scorers: {verifier: 1, format: 0.2}
        trainer:
          loss: rloo
        lora:
          rank: 0
        kafka:
          properties:
            acks: all
        """

    @Test func readsEveryKindOfValue() throws {
        let resolved = try ConfigurationResolver.resolve(yaml: Self.yaml, path: "run.yaml")
        let settings = resolved.configuration.settings
        #expect(settings.shared.runId == "nightly-7")
        #expect(settings.shared.blobStore == "/shared/blobs")
        #expect(settings.coordinator.baseModel == "/models/smollm2")
        #expect(settings.generator.samples == 4)
        #expect(settings.generator.temperature == 0.7)
        #expect(settings.generator.stop == ["\n", "."])
        #expect(settings.generator.templates == ["docqa": "Context: {text}\nAnswer:"])
        #expect(settings.generator.decodePrecision == .f16)
        #expect(settings.scorer.scorers == "verifier+0.2*format")
        #expect(settings.trainer.loss == .rloo)
        #expect(settings.coordinator.loraRank == 0)
        #expect(resolved.configuration.kafka.properties == ["acks": "all"])
        #expect(resolved.source(of: "generator.temperature") == .file(path: "run.yaml", line: 8))
        #expect(resolved.source(of: "generator.max-tokens") == .defaultValue)
    }

    @Test func anUnknownKeyNamesItsLineAndTheNearestKnownKey() throws {
        let text = "generator:\n  samples: 4\n  temprature: 0.7\n"
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationResolver.resolve(yaml: text, path: "r.yaml") }
        let message = "\(error!)"
        #expect(message.hasPrefix("r.yaml:3: unknown key 'generator.temprature'"), "\(message)")
        #expect(message.contains("did you mean generator.temperature?"), "\(message)")
        #expect(message.contains("generator.top-p"), "lists the section's keys: \(message)")
    }

    @Test func anUnknownSectionIsAnError() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(yaml: "run:\n  id: a\nserving:\n  port: 1\n", path: "r.yaml")
        }
        #expect("\(error!)".hasPrefix("r.yaml:3: unknown key 'serving'"), "\(error!)")
    }

    @Test func aBadValueSaysWhatIsAllowed() throws {
        let cases: [(String, String)] = [
            ("generator:\n  samples: 0\n", "r.yaml:2: generator.samples cannot be '0': it must be an integer ≥ 1"),
            ("generator:\n  top-p: 1.5\n", "r.yaml:2: generator.top-p cannot be '1.5': it must be a number > 0 and ≤ 1"),
            ("trainer:\n  loss: ppo\n", "r.yaml:2: trainer.loss cannot be 'ppo': it must be one of grpo, rloo, dpo, best-of-n"),
            ("run:\n  id: a/b\n", "r.yaml:2: run.id cannot be 'a/b': it must be letters, digits, '.', '_' and '-'"),
            ("metrics:\n  port: 70000\n", "r.yaml:2: metrics.port cannot be '70000': it must be an integer from 0 to 65535, or ~ for none"),
            ("generator:\n  stop: \"x\"\n", "r.yaml:2: generator.stop cannot be 'x': it must be a list of strings"),
            ("coordinator:\n  learning-rate: 0\n", "r.yaml:2: coordinator.learning-rate cannot be '0': it must be a number > 0"),
        ]
        for (text, expected) in cases {
            let error = #expect(throws: ConfigurationError.self) { try ConfigurationResolver.resolve(yaml: text, path: "r.yaml") }
            #expect("\(error!)" == expected)
        }
        let scorer = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(yaml: "scorer:\n  scorers: verifer\n", path: "r.yaml")
        }
        #expect("\(scorer!)".contains("scorer.scorers cannot be 'verifer': it must be a weighted sum of"), "\(scorer!)")
    }

    @Test func brokenYAMLNamesItsLine() throws {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationResolver.resolve(yaml: "run:\n  id: a\n   blob-store: [\n", path: "r.yaml")
        }
        guard case .syntax(let path, let line, _)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))")
            return
        }
        #expect(path == "r.yaml" && (2...4).contains(line))
        let section = #expect(throws: ConfigurationError.self) { try ConfigurationResolver.resolve(yaml: "generator: 4\n", path: "r.yaml") }
        #expect("\(section!)".hasPrefix("r.yaml:1: 'generator' is a section"), "\(section!)")
    }

    @Test func anEmptyFileIsAllDefaults() throws {
        #expect(try ConfigurationResolver.resolve(yaml: "", path: "r.yaml").configuration == RunConfiguration())
        #expect(try ConfigurationResolver.resolve(yaml: "# nothing\n", path: "r.yaml").configuration == RunConfiguration())
    }

    @Test func aMissingFileSaysSo() throws {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationResolver.resolve(file: "/nonexistent/run.yaml") }
        #expect("\(error!)".hasPrefix("cannot read the configuration file /nonexistent/run.yaml"), "\(error!)")
    }
}
