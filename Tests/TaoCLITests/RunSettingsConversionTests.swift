import Fleet
import Foundation
import TaoCLI
import Testing

/// Each option group converts to its part of the run settings and back without losing a value, starts from the same
/// defaults as its part, refuses from a file what it refuses as flags; and a stage's command line with `--settings`
/// holds nothing but the Kafka connection.
@Suite struct RunSettingsConversionTests {
    @Test func generatorOptionsRoundTripThroughSettings() throws {
        let options = try GeneratorOptions.parse([
            "-n", "3", "--temperature", "0.7", "--top-p", "0.9", "--max-tokens", "12", "--stop", "\n", "--stop", "##",
            "--template", "sql=Q: {text}", "--template", "arithmetic={text} =", "--seed", "9",
        ])
        let part = try options.runSettings()
        #expect(part.samples == 3 && part.temperature == 0.7 && part.topP == 0.9 && part.maxTokens == 12)
        #expect(part.stop == ["\n", "##"] && part.seed == 9)
        #expect(part.templates == ["arithmetic": "{text} =", "sql": "Q: {text}"])
        let again = try GeneratorOptions(part)
        #expect(try again.runSettings() == part)
        #expect(again.samples == 3 && again.stop == ["\n", "##"] && again.seed == 9)
        #expect(try again.templates() == options.templates())
        #expect(try again.settings(maxLag: 2).render(task: "arithmetic", text: "1+2") == "1+2 =")
    }

    @Test func scorerOptionsRoundTripThroughSettings() throws {
        let options = try ScorerOptions.parse(["--scorers", "verifier+0.2*format"])
        let part = options.runSettings()
        #expect(part.scorers == "verifier+0.2*format")
        #expect(try ScorerOptions(part).scorers == options.scorers)
        #expect(try ScorerOptions.parse(["--scorer-config", "format"]).runSettings().scorers == "format")
    }

    @Test func trainerOptionsRoundTripThroughSettings() throws {
        for loss in TrainerOptions.Loss.allCases {
            let options = try TrainerOptions.parse(["--loss", loss.rawValue, "--kl", "0.05"])
            let part = options.runSettings()
            #expect(part.loss == loss && part.kl == 0.05)
            let again = try TrainerOptions(part)
            #expect(again.runSettings() == part)
            #expect(again.policyLoss.name == options.policyLoss.name)
        }
    }

    @Test func coordinatorOptionsRoundTripThroughSettings() throws {
        let options = try CoordinatorOptions.parse([
            "--base-model", "/m", "--checkpoint-dir", "/c", "--updates-per-version", "4", "--learning-rate", "0.001",
            "--warmup", "2", "--weight-decay", "0.1", "--max-grad-norm", "0.5", "--lora-rank", "0", "--lora-alpha", "4",
        ])
        let part = options.runSettings()
        #expect(part.baseModel == "/m" && part.checkpointDir == "/c" && part.updatesPerVersion == 4)
        #expect(part.learningRate == 0.001 && part.warmup == 2 && part.weightDecay == 0.1 && part.maxGradNorm == 0.5)
        #expect(part.loraRank == 0 && part.loraAlpha == 4)
        let again = try CoordinatorOptions(part)
        #expect(again.runSettings() == part)
        #expect(again.settings(maxLag: 3).adapter == nil && again.settings(maxLag: 3).updatesPerVersion == 4)
    }

    @Test func fleetOptionsRoundTripThroughSettings() throws {
        let options = try FleetOptions.parse([
            "--run-id", "r1", "--blob-store", "/b", "--metrics-port", "0", "--metrics-host", "0.0.0.0", "--max-lag", "2",
        ])
        let part = options.runSettings()
        #expect(part.runId == "r1" && part.blobStore == "/b" && part.metricsPort == 0)
        #expect(part.metricsHost == "0.0.0.0" && part.maxLag == 2)
        let again = try FleetOptions(part)
        #expect(again.runSettings() == part)
        #expect(again.topics.prompts.name == "r1.prompts")
        #expect(try FleetOptions(RunSettings.Shared(blobStore: "/b")).metricsPort == nil)
    }

    /// A part's defaults are its option group's: a settings file that leaves a value at its default means what
    /// leaving out the flag means.
    @Test func everyPartStartsFromItsOptionGroupsDefaults() throws {
        #expect(try GeneratorOptions.parse([]).runSettings() == RunSettings.Generator())
        #expect(try ScorerOptions.parse([]).runSettings() == RunSettings.Scorer())
        #expect(try TrainerOptions.parse([]).runSettings() == RunSettings.Trainer())
        #expect(try CoordinatorOptions.parse(["--base-model", "/m"]).runSettings() == RunSettings.Coordinator(baseModel: "/m"))
        #expect(try FleetOptions.parse(["--blob-store", "/b"]).runSettings() == RunSettings.Shared(blobStore: "/b"))
    }

    @Test func aPartIsValidatedLikeTheFlagsItStandsFor() {
        var generator = RunSettings.Generator()
        generator.samples = 0
        #expect(throws: (any Error).self) { try GeneratorOptions(generator) }
        generator = RunSettings.Generator()
        generator.topP = 0
        #expect(throws: (any Error).self) { try GeneratorOptions(generator) }
        var trainer = RunSettings.Trainer()
        trainer.kl = -1
        #expect(throws: (any Error).self) { try TrainerOptions(trainer) }
        var coordinator = RunSettings.Coordinator(baseModel: "/m")
        coordinator.updatesPerVersion = 0
        #expect(throws: (any Error).self) { try CoordinatorOptions(coordinator) }
        var scorer = RunSettings.Scorer()
        scorer.scorers = "no-such-scorer"
        #expect(throws: (any Error).self) { try ScorerOptions(scorer) }
        var shared = RunSettings.Shared(blobStore: "/b")
        shared.runId = "a/b"
        #expect(throws: (any Error).self) { try FleetOptions(shared) }
    }

    @Test func withSettingsTheCommandLineHoldsOnlyTheKafkaConnection() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tao-settings-\(UUID()).json")
        defer { try? FileManager.default.removeItem(at: file) }
        var settings = RunSettings(shared: RunSettings.Shared(blobStore: "/b"), coordinator: .init(baseModel: "/m"))
        settings.generator.samples = 3
        try settings.write(to: file)

        #expect(try SettingsCommandLine.read(["--kafka-bootstrap", "b:1", "--blob-store", "/b"]) == nil)
        #expect(try SettingsCommandLine.read(["--settings", file.path, "--help"]) == nil)
        let read = try #require(try SettingsCommandLine.read([
            "--kafka-bootstrap", "b:1", "--kafka-option", "acks=all", "--settings", file.path,
        ]))
        #expect(read.settings == settings)
        #expect(read.kafka.bootstrap == "b:1" && read.kafka.options == ["acks=all"])
        #expect(try SettingsCommandLine.read(["--settings=\(file.path)"])?.settings == settings)

        for extra in [["-n", "4"], ["--blob-store", "/elsewhere"], ["stray"]] {
            do {
                _ = try SettingsCommandLine.read(["--settings", file.path] + extra)
                Issue.record("\(extra) was accepted beside --settings")
            } catch {
                let message = SettingsCommandLine.message(for: error)
                #expect(message.contains("\(extra[0]) cannot be given with --settings FILE"), "\(message)")
            }
        }
        let missing = #expect(throws: RunSettingsError.self) {
            try SettingsCommandLine.read(["--settings", file.path + ".missing"])
        }
        #expect(try #require(missing).description.contains("tao up writes it as <run-dir>/settings.json"))
    }
}
