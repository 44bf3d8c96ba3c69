import ArgumentParser
import Fleet
import Losses
import RunConfiguration
import TaoCLI
import Testing

/// The stage flags are overrides of configuration keys: a flag given replaces the file's value, one not given leaves
/// it, and a bad value fails with the key's own message.
@Suite struct StageOptionsTests {
    func resolve(_ overrides: [ConfigurationOverride], file: String? = nil) throws -> RunConfiguration {
        try ConfigurationResolver.resolve(file: file, environment: [:], overrides: overrides).configuration
    }

    @Test func generatorFlagsSetTheirKeys() throws {
        let options = try GeneratorOptions.parse([
            "-n", "4", "--temperature", "0.5", "--top-p", "0.9", "--max-tokens", "16", "--stop", "\n", "--stop", ".",
            "--template", "arithmetic=Q: {text}\nA:", "--seed", "7", "--decode-precision", "f16",
        ])
        let generator = try resolve(options.overrides).settings.generator
        #expect(generator.samples == 4 && generator.temperature == 0.5 && generator.topP == 0.9)
        #expect(generator.maxTokens == 16 && generator.stop == ["\n", "."] && generator.seed == 7)
        #expect(generator.templates == ["arithmetic": "Q: {text}\nA:"])
        #expect(generator.decodePrecision == .f16)
        #expect(generator.serviceSettings(maxLag: 2).decodePrecision == .f16)
        #expect(try GeneratorOptions.parse([]).overrides.isEmpty, "a flag not given overrides nothing")
    }

    @Test func badFlagValuesFailWithTheKeysMessage() throws {
        for (arguments, expected) in [
            (["--template", "no-equals-sign"], "flag --template: generator.templates cannot be 'no-equals-sign': it must be name=value"),
            (["--top-p", "0"], "flag --top-p: generator.top-p cannot be '0.0': it must be a number > 0 and ≤ 1"),
            (["-n", "0"], "flag --samples: generator.samples cannot be '0': it must be an integer ≥ 1"),
            (["--decode-precision", "f8"], "flag --decode-precision: generator.decode-precision cannot be 'f8': it must be one of f32, f16, bf16"),
        ] {
            let error = #expect(throws: ConfigurationError.self) { try resolve(try GeneratorOptions.parse(arguments).overrides) }
            #expect("\(error!)" == expected)
        }
    }

    @Test func everyLossFlagBuildsItsObjective() throws {
        for (flag, type) in [("grpo", "GRPOLoss"), ("rloo", "RLOOLoss"), ("dpo", "DPOLoss"), ("best-of-n", "BestOfNLoss")] {
            let trainer = try resolve(try TrainerOptions.parse(["--loss", flag, "--kl", "0.05"]).overrides).settings.trainer
            #expect(String(describing: Swift.type(of: trainer.policyLoss)) == type)
            #expect(trainer.kl == 0.05)
        }
        #expect(throws: (any Error).self) { try TrainerOptions.parse(["--loss", "ppo"]) }
    }

    @Test func coordinatorFlagsSetTheOptimiserAndLoRA() throws {
        let options = try CoordinatorOptions.parse([
            "--base-model", "/m", "--updates-per-version", "4", "--learning-rate", "0.001", "--warmup", "3",
            "--lora-rank", "0",
        ])
        let coordinator = try resolve(options.overrides).settings.coordinator
        #expect(coordinator.baseModel == "/m" && coordinator.updatesPerVersion == 4 && coordinator.warmup == 3)
        #expect(coordinator.serviceSettings(maxLag: 4).adapter == nil, "rank 0 trains every parameter")
        let lora = try #require(try resolve([]).settings.coordinator.serviceSettings(maxLag: 4).adapter)
        #expect(lora.rank == 8 && lora.alpha == 16)
    }

    @Test func fleetAndKafkaFlagsSetTheSharedKeys() throws {
        let fleet = try FleetOptions.parse(["--blob-store", "/tmp/b", "--run-id", "run-1", "--metrics-port", "0"])
        let kafka = try KafkaOptions.parse(["--kafka-bootstrap", "b:1", "--kafka-option", "acks=all"])
        let run = try resolve(kafka.overrides + fleet.overrides)
        #expect(run.settings.shared.runId == "run-1" && run.settings.shared.blobStore == "/tmp/b")
        #expect(run.settings.shared.metricsPort == 0)
        let client = try run.kafka.clientConfiguration()
        #expect(client.bootstrapServers == "b:1" && client.properties["acks"] == "all")
        let bad = #expect(throws: ConfigurationError.self) {
            try resolve(try FleetOptions.parse(["--run-id", "a/b"]).overrides)
        }
        #expect("\(bad!)".hasPrefix("flag --run-id: run.id cannot be 'a/b'"))
    }

    @Test func theScorerFlagHasBothSpellings() throws {
        #expect(try resolve(try ScorerOptions.parse(["--scorers", "verifier+0.2*format"]).overrides).settings.scorer.scorers
            == "verifier+0.2*format")
        #expect(try resolve(try ScorerOptions.parse(["--scorer-config", "format"]).overrides).settings.scorer.scorers == "format")
    }
}
