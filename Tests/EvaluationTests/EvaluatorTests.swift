import Evaluation
import Experiments
import Foundation
import Llama
import Tasks
import Testing
import Tuning

@Suite struct EvaluatorTests {
    let task = ArithmeticTask()

    func evaluate(_ model: LlamaModel, _ examples: [LabeledExample]) async throws -> EvaluationReport {
        try await Evaluator(model: model, tokenizer: ByteTokenizer(), label: "tiny").evaluate(
            task: task, examples: examples, split: "eval",
            settings: EvaluationSettings(k: 2, samples: 4, temperature: 1, maxNewTokens: 6, seed: 3))
    }

    @Test func reportsEveryMetricPerPromptAndIsDeterministic() async throws {
        let model = LlamaModel(config: TinyModels.config, seed: 9)
        let examples = task.evaluationSplit(count: 6)
        let report = try await evaluate(model, examples)
        #expect(report.count == 6 && report.items.map(\.id) == examples.map(\.prompt.id))
        #expect(report.task == "arithmetic" && report.split == "eval" && report.model == "tiny")
        for value in [report.passAt1, report.passAtK, report.sampledAccuracy, report.meanReward ?? -1] {
            #expect((0...1).contains(value))
        }
        #expect(report.passAtK >= report.sampledAccuracy)
        #expect(report.items.allSatisfy { (0...4).contains($0.correctSamples) && $0.meanReward != nil })
        // A random byte model rarely stops: outputs run to the 6-token limit (a newline may end one earlier).
        #expect(report.meanGreedyTokens > 0 && report.meanGreedyTokens <= 6)
        #expect(report.meanSampledTokens > 0 && report.meanSampledTokens <= 6)

        let again = try await evaluate(LlamaModel(config: TinyModels.config, seed: 9), examples)
        #expect(again.items == report.items)
        #expect(again.passAtK == report.passAtK && again.meanReward == report.meanReward)

        let json = try JSONEncoder().encode(report)
        #expect(try JSONDecoder().decode(EvaluationReport.self, from: json).items == report.items)
        #expect(report.markdown.contains("pass@2 (n=4"))
        #expect(EvaluationReport.comparison(base: report, tuned: again).contains("+0.0 pts"))
    }

    @Test func countsAnAnswerCorrectByTheTasksRules() async throws {
        // Train the tiny model to answer one prompt, then evaluate it on that prompt and a relabeled copy.
        var settings = TinyModels.warmStart(steps: 60)
        settings.examples = 1
        settings.batchSize = 2
        let model = try SupervisedWarmStart.train(task: task, settings: settings)
        let example = task.labeled(count: 1, seed: settings.dataSeed)[0]
        var wrong = example
        wrong.prompt.id = "wrong"
        wrong.answer = String(Int(example.answer)! + 1)
        let report = try await evaluate(model, [example, wrong])
        #expect(report.items[0].greedyAnswer == example.answer)
        #expect(report.items.map(\.greedyCorrect) == [true, false])
        #expect(report.passAt1 == 0.5)
    }

    @Test func rejectsSettingsThatCannotEstimatePassAtK() async throws {
        let model = LlamaModel(config: TinyModels.config, seed: 1)
        let evaluator = Evaluator(model: model, tokenizer: ByteTokenizer(), label: "t")
        await #expect(throws: EvaluationError.self) {
            try await evaluator.evaluate(
                task: task, examples: task.evaluationSplit(count: 1), split: "eval",
                settings: EvaluationSettings(k: 8, samples: 4))
        }
        await #expect(throws: EvaluationError.noExamples) {
            try await evaluator.evaluate(task: task, examples: [], split: "eval", settings: EvaluationSettings())
        }
    }
}
