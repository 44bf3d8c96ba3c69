import Evaluation
import Foundation
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

    @Test func loraFineTuningTrainsOnlyTheAdapterAndMergesIt() throws {
        let examples = task.labeled(count: 64, seed: 2)
        let settings = FineTuneSettings(epochs: 4, batchSize: 16, learningRate: 3e-2, warmupSteps: 0, loraRank: 4)
        let model = try SupervisedWarmStart.train(task: task, settings: TinyModels.warmStart())
        let base = model.mergedCopy()
        var losses: [Float] = []
        try SupervisedFineTune.train(model, examples: examples, settings: settings) { losses.append($0.loss) }
        #expect(model.adapter == nil, "merged and detached at the end")
        let (first, last) = (losses.prefix(4).reduce(0, +) / 4, losses.suffix(4).reduce(0, +) / 4)
        #expect(last < first - 0.05, "answer loss fell from \(first) to \(last)")
        let tuned = Dictionary(uniqueKeysWithValues: model.parameters.namedTensors().map { ($0.hfName, Array($0.buffer)) })
        for tensor in base.parameters.namedTensors() {
            let adapted = ["q_proj", "k_proj", "v_proj", "o_proj"].contains { tensor.hfName.contains($0) }
            #expect((tuned[tensor.hfName]! != Array(tensor.buffer)) == adapted, "\(tensor.hfName)")
        }
    }

    @Test func oldResultsWithoutLoRAFieldsDecodeAsFullFineTuning() throws {
        let json = #"{"epochs":1,"batchSize":16,"learningRate":0.0003,"warmupSteps":5,"weightDecay":0,"maxGradNorm":1,"seed":3}"#
        let settings = try JSONDecoder().decode(FineTuneSettings.self, from: Data(json.utf8))
        #expect(settings == FineTuneSettings(epochs: 1))
        #expect(settings.adapter == nil)
        let round = try JSONDecoder().decode(
            FineTuneSettings.self, from: try JSONEncoder().encode(FineTuneSettings(loraRank: 8, loraAlpha: 16)))
        #expect(round.adapter == LoRAConfig(rank: 8, alpha: 16))
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
