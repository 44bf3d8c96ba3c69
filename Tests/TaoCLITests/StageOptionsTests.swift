import Fleet
import Losses
import TaoCLI
import Testing

/// The stage option groups parse what `--help` promises, reject what they cannot use, and convert to their part of
/// the run settings and back into the same options (how `tao up` hands them to its children).
@Suite struct StageOptionsTests {
    @Test func generatorOptionsParseAndRoundTrip() throws {
        let options = try GeneratorOptions.parse([
            "-n", "3", "--temperature", "0.7", "--top-p", "0.9", "--max-tokens", "12", "--stop", "\n",
            "--template", "arithmetic=Q: {text} A:", "--seed", "9",
        ])
        let again = try GeneratorOptions(try options.runSettings())
        #expect(try again.runSettings() == options.runSettings())
        let settings = try again.settings(maxLag: 2)
        #expect(settings.samplesPerPrompt == 3 && settings.maxLag == 2)
        #expect(settings.sampling.maxNewTokens == 12 && settings.sampling.stopSequences == ["\n"] && settings.sampling.seed == 9)
        #expect(settings.render(task: "arithmetic", text: "1+2=") == "Q: 1+2= A:")
        #expect(settings.render(task: "sql", text: "x") == "x")
    }

    @Test func generatorOptionsChooseTheDecodePrecision() throws {
        #expect(try GeneratorOptions.parse([]).settings(maxLag: 1).decodePrecision == .f32)
        let half = try GeneratorOptions.parse(["--decode-precision", "f16"])
        #expect(try half.settings(maxLag: 1).decodePrecision == .f16)
        #expect(try half.runSettings().decodePrecision == .f16)
        #expect(try GeneratorOptions(try half.runSettings()).decodePrecision == .f16)
        #expect(throws: (any Error).self) { try GeneratorOptions.parse(["--decode-precision", "f8"]) }
    }

    @Test func generatorOptionsRejectUnusableValues() {
        #expect(throws: (any Error).self) { try GeneratorOptions.parse(["--template", "no-equals-sign"]) }
        #expect(throws: (any Error).self) { try GeneratorOptions.parse(["--top-p", "0"]) }
        #expect(throws: (any Error).self) { try GeneratorOptions.parse(["-n", "0"]) }
    }

    @Test func trainerOptionsChooseTheLoss() throws {
        for (flag, name) in [("grpo", "grpo"), ("rloo", "rloo"), ("dpo", "dpo"), ("best-of-n", "best-of-n")] {
            let options = try TrainerOptions.parse(["--loss", flag])
            #expect(options.policyLoss.name == name)
            #expect(try TrainerOptions(options.runSettings()).loss == options.loss)
        }
        #expect(throws: (any Error).self) { try TrainerOptions.parse(["--loss", "ppo"]) }
    }

    @Test func coordinatorOptionsBuildTheSchedule() throws {
        let options = try CoordinatorOptions.parse([
            "--base-model", "/m", "--checkpoint-dir", "/c", "--updates-per-version", "4", "--learning-rate", "0.001",
            "--warmup", "2",
        ])
        let settings = options.settings(maxLag: 3)
        #expect(settings.updatesPerVersion == 4 && settings.maxLag == 3)
        #expect(settings.schedule.learningRate(at: 0) < settings.schedule.learningRate(at: 2))
        let again = try CoordinatorOptions(options.runSettings())
        #expect(again.runSettings() == options.runSettings())
        #expect(throws: (any Error).self) { try CoordinatorOptions.parse(["--base-model", "/m", "--updates-per-version", "0"]) }
    }

    /// LoRA is the default; rank 0 trains every parameter.
    @Test func coordinatorOptionsChooseLoRAOrFullUpdates() throws {
        let lora = try CoordinatorOptions.parse(["--base-model", "/m"]).settings(maxLag: 4).adapter
        #expect(lora?.rank == 8 && lora?.alpha == 16)
        #expect(try CoordinatorOptions.parse(["--base-model", "/m", "--lora-rank", "0"]).settings(maxLag: 4).adapter == nil)
        #expect(throws: (any Error).self) { try CoordinatorOptions.parse(["--base-model", "/m", "--lora-rank", "-1"]) }
    }

    @Test func fleetOptionsNeedABlobStoreAndAPlainRunID() throws {
        let options = try FleetOptions.parse(["--blob-store", "/tmp/b", "--run-id", "run-1"])
        #expect(options.topics.prompts.name == "run-1.prompts" && options.metricsPort == nil && options.maxLag == 4)
        #expect(throws: (any Error).self) { try FleetOptions.parse([]) }
        #expect(throws: (any Error).self) { try FleetOptions.parse(["--blob-store", "/b", "--run-id", "a/b"]) }
        #expect(throws: (any Error).self) { try FleetOptions.parse(["--blob-store", "/b", "--metrics-port", "70000"]) }
    }
}
