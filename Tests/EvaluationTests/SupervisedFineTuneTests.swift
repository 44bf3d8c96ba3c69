import Evaluation
import Experiments
import Llama
import Tasks
import Testing
import Tuning

@Suite struct SupervisedFineTuneTests {
    let task = ArithmeticTask(difficulty: .easy)

    @Test func fineTuningLowersTheLossOnItsExamplesAndIsDeterministicBySeed() throws {
        let examples = task.labeled(count: 64, seed: 2)
        let settings = FineTuneSettings(epochs: 6, batchSize: 16, learningRate: 1e-2, warmupSteps: 2)
        let model = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart())
        let before = model.parameters.arena.checksum()
        var losses: [Float] = []
        try SupervisedFineTune.train(model, examples: examples, settings: settings) { losses.append($0.loss) }
        #expect(losses.count == 6 * 4, "6 epochs of 4 batches of 16")
        let (first, last) = (losses.prefix(4).reduce(0, +) / 4, losses.suffix(4).reduce(0, +) / 4)
        #expect(last < first - 0.2, "answer loss on the fine-tuning examples fell from \(first) to \(last)")
        #expect(model.parameters.arena.checksum() != before)

        let again = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart())
        try SupervisedFineTune.train(again, examples: examples, settings: settings)
        #expect(again.parameters.arena.checksum() == model.parameters.arena.checksum())
    }

    @Test func refusesNoExamplesAndBadSettings() throws {
        let model = LlamaModel(config: TinyModels.config, seed: 1)
        #expect(throws: WarmStartError.self) {
            try SupervisedFineTune.train(model, examples: [], settings: FineTuneSettings())
        }
        #expect(throws: WarmStartError.self) {
            try SupervisedFineTune.train(
                model, examples: task.labeled(count: 2, seed: 2), settings: FineTuneSettings(epochs: 0))
        }
    }
}
