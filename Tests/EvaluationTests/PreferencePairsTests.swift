import Evaluation
import Experiments
import Llama
import ModelScorers
import Tasks
import Testing

@Suite struct PreferencePairsTests {
    let task = ArithmeticTask()

    @Test func everyPairPrefersARightSampleToAWrongOneByTheTasksRules() async throws {
        // A model trained on a few prompts samples both right and wrong answers to them at a high temperature.
        var warm = TinyModels.warmStart(steps: 60)
        warm.examples = 4
        warm.batchSize = 4
        let model = try SupervisedWarmStart.train(task: task, settings: warm)
        let examples = task.labeled(count: 4, seed: warm.dataSeed)
        let evaluator = Evaluator(model: model, tokenizer: ByteTokenizer(), label: "tiny")
        let (pairs, summary) = try await evaluator.preferencePairs(
            task: task, examples: examples,
            settings: EvaluationSettings(k: 1, samples: 12, temperature: 1.5, maxNewTokens: 6, seed: 5), pairsPerPrompt: 3)
        #expect(summary.prompts == 4 && summary.pairs == pairs.count && summary.promptsWithPairs >= 1)
        #expect(pairs.count <= 3 * summary.promptsWithPairs && !pairs.isEmpty)
        for pair in pairs {
            let example = examples.first { $0.prompt.text == pair.prompt }!
            let right = task.extractAnswer(from: pair.chosen).map { task.isCorrect($0, for: example) } ?? false
            let wrong = task.extractAnswer(from: pair.rejected).map { task.isCorrect($0, for: example) } ?? false
            #expect(right && !wrong, "chosen \(pair.chosen.debugDescription) must be right, rejected \(pair.rejected.debugDescription) wrong")
        }
        #expect(Set(pairs.map { [$0.prompt ?? "", $0.chosen, $0.rejected] }).count == pairs.count, "no pair twice")
    }
}
