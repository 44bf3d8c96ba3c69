import Evaluation
import Experiments
import Foundation
import Llama
import Tasks
import Testing
import Tuning

@Suite struct WarmStartTests {
    let task = ArithmeticTask()

    @Test func trainingLowersTheAnswerLossAndIsDeterministicBySeed() throws {
        var losses: [Float] = []
        let model = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart()) {
            losses.append($0.loss)
        }
        #expect(losses.count == 40)
        let (early, late) = (losses.prefix(5).reduce(0, +) / 5, losses.suffix(5).reduce(0, +) / 5)
        #expect(late < early - 0.5, "answer loss fell from \(early) to \(late)")

        let again = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart())
        #expect(again.parameters.arena.checksum() == model.parameters.arena.checksum())
        let other = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart(seed: 2))
        #expect(other.parameters.arena.checksum() != model.parameters.arena.checksum())
    }

    @Test func cachesTheBaseByItsSettingsAndSavesALoadableDirectory() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("tao-warm-\(UUID())")
        defer { try? FileManager.default.removeItem(at: root) }
        let settings = TinyModels.warmStart(steps: 3)
        let first = try SupervisedWarmStart.cachedOrTrain(task: task, settings: settings, cacheRoot: root)
        #expect(first.trained)
        #expect(first.directory.lastPathComponent == "base-arithmetic-\(settings.cacheKey(task: "arithmetic"))")
        let second = try SupervisedWarmStart.cachedOrTrain(task: task, settings: settings, cacheRoot: root)
        #expect(!second.trained)
        #expect(second.directory.standardizedFileURL.path == first.directory.standardizedFileURL.path)
        let (model, tokenizer) = try LlamaModel.load(from: first.directory)
        #expect(model.config == settings.model)
        // The saved tokenizer.json keeps the byte tokenizer's rule (BOS first) along with its ids.
        #expect(tokenizer.encode("1+2=", addingSpecialTokens: true) == ByteTokenizer().encode("1+2=", addingSpecialTokens: true))
        #expect(tokenizer.encode("1+2=", addingSpecialTokens: true).first == 256)

        var changed = settings
        changed.steps = 4
        #expect(changed.cacheKey(task: "arithmetic") != settings.cacheKey(task: "arithmetic"))
        #expect(settings.cacheKey(task: "docqa") != settings.cacheKey(task: "arithmetic"))

        // beta2 joined the settings later: at its default the key of an existing base must not change.
        #expect(!settings.canonicalDescription.contains("beta2"))
        var adam95 = settings
        adam95.beta2 = 0.95
        #expect(adam95.canonicalDescription.hasPrefix(settings.canonicalDescription + " beta2 0.95"))
        #expect(adam95.cacheKey(task: "arithmetic") != settings.cacheKey(task: "arithmetic"))

        // A task whose data has a version keys on it; one without keeps the plain name.
        let sql = SupervisedWarmStart.cacheDirectory(task: try SQLTask(), settings: settings, root: root)
        #expect(sql.lastPathComponent == "base-sql-\(settings.cacheKey(task: "sql \(BusinessDatabase.version)"))")
        #expect(SupervisedWarmStart.cacheDirectory(task: task, settings: settings, root: root).lastPathComponent
                == first.directory.lastPathComponent)
    }

    @Test func rejectsAModelThatIsNotOverBytes() {
        var settings = TinyModels.warmStart(steps: 1)
        settings.model.vocabSize = 300
        #expect(throws: WarmStartError.notByteVocabulary(vocabSize: 300)) {
            try SupervisedWarmStart.train(task: task, settings: settings)
        }
    }
}
