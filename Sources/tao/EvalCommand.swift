import ArgumentParser
import Evaluation
import Experiments
import FleetBench
import FleetRuntime
import Foundation
import Tasks
import Tuning

struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure a model: greedy pass@1, pass@k, sampled accuracy, mean reward, output length.",
        discussion: """
            --model is any Hugging Face Llama directory or GGUF file. --split eval uses the task's held-out split; --split dev \
            training-side items outside the default warm start's examples (for tuning hyper-parameters); any other \
            value is a JSON Lines file with one {"id","task","prompt" or "messages","answer"} object per line, compared by the \
            task's own rules. See docs/evaluation.md.
            """
    )

    @Option(help: "A Hugging Face model directory or a GGUF file.") var model: String
    @Option(help: "Built-in task: arithmetic, sql or docqa.") var task = "arithmetic"
    @Option(help: "Difficulty: arithmetic easy, medium (the built-in task's) or hard; docqa easy or medium.")
    var difficulty = "medium"
    @Option(help: "eval, dev, or a .jsonl file of prompts with reference answers.") var split = "eval"
    @Option(help: "Prompts taken from the eval or dev split.") var count = 200
    @Option(help: "k of pass@k.") var k = 8
    @Option(help: "Samples per prompt (n ≥ k) for pass@k and the reward.") var samples = 16
    @Option(help: "Sampling temperature.") var temperature: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most new tokens (default: longest answer + 8).") var maxTokens: Int?
    @Option(help: "Sampling seed.") var seed: UInt64 = 0
    @Option(help: "Scorer for the mean reward, e.g. verifier or verifier+0.2*format.") var scorer = "verifier"
    @Flag(help: "Print the report as JSON (with per-prompt results).") var json = false
    @Flag(help: "Print the report as a Markdown table (the default).") var markdown = false

    var settings: EvaluationSettings {
        EvaluationSettings(
            k: k, samples: samples, temperature: temperature, maxNewTokens: maxTokens, seed: seed, scorerConfig: scorer)
    }

    func validate() throws {
        guard !(json && markdown) else { throw ValidationError("choose one of --json and --markdown") }
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        do { try settings.validate() } catch { throw ValidationError("\(error)") }
    }

    func run() async throws {
        let task = try TaskChoice.task(named: self.task, difficulty: difficulty)
        let examples = try Self.examples(split: split, task: task, count: count)
        let report = try await Evaluator(directory: URL(fileURLWithPath: model)).evaluate(
            task: task, examples: examples, split: split, settings: settings)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(report.markdown)
        }
    }

    /// The prompts of `split`: the held-out split, the dev split, or a JSONL file.
    static func examples(split: String, task: any TaskFamily, count: Int) throws -> [Tasks.LabeledExample] {
        switch split {
        case "eval": return task.evaluationSplit(count: count)
        case "dev":
            let warm = WarmStartSettings()
            return DevSplit.examples(
                task: task, count: count, excluding: task.labeled(count: warm.examples, seed: warm.dataSeed))
        default: return try EvaluationFile.load(URL(fileURLWithPath: split), task: task.name)
        }
    }
}
