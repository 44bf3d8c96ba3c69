import ArgumentParser
import Evaluation
import Foundation
import Tasks

/// `tao scorer audit`: does a scorer pick right answers among the policy's own samples, on labeled prompts?
struct ScorerAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure how each scorer agrees with correctness on a labeled slice, before trusting it as a reward.",
        discussion: """
            Samples --samples candidates per prompt of --split (default: the task's dev split) from --model at \
            --temperature, and the greedy answer; each candidate is correct or not by the label. For each term of \
            --scorers alone, for the whole configuration, and for the random control: the ROC AUC of candidate \
            score vs correctness (ties count one half; undefined, with the reason, when every candidate is right or \
            every one wrong), top-1 accuracy (the share of prompts whose highest-scored candidate is correct, ties \
            to the lowest index) next to greedy accuracy and pass@N (the oracle), and the mean score of correct and \
            incorrect candidates. A scorer "helps" when its top-1 beats greedy by at least --margin and its AUC is \
            above --min-auc. See docs/scoring.md.

            Prints a table; --json prints a JSON line per scorer instead, and --report writes the whole report \
            (AuditReport) as JSON.

            Example: tao scorer audit --model base/ --task arithmetic --scorers "majority+0.2*format" --samples 8
            """)

    @Option(help: "A Hugging Face model directory or a GGUF file.") var model: String
    @Option(help: "Built-in task: arithmetic, sql or docqa.") var task = "arithmetic"
    @Option(help: "Difficulty: arithmetic easy, medium (the built-in task's) or hard; docqa easy or medium.")
    var difficulty = "medium"
    @Option(help: "dev, eval, or a .jsonl file of prompts with reference answers.") var split = "dev"
    @Option(help: "Prompts taken from the dev or eval split.") var count = 100
    @Option(help: "Candidates sampled per prompt (N).") var samples = 8
    @Option(help: "Sampling temperature.") var temperature: Float = 1
    @Option(name: .customLong("max-tokens"), help: "Most new tokens (default: longest answer + 8).") var maxTokens: Int?
    @Option(help: "Sampling seed.") var seed: UInt64 = 0
    @Option(help: "Scorer configuration, as scorer.scorers: e.g. verifier+0.2*format.") var scorers = "verifier"
    @Flag(help: "Pose the task as chat (an instruct model's prompts).") var chat = false
    @OptionGroup(title: "Reward model and judge") var modelScorers: ModelScorerOptions
    @Option(help: "How far top-1 accuracy must beat greedy accuracy (a fraction: 0.02 = 2 points).") var margin = 0.02
    @Option(name: .customLong("min-auc"), help: "The AUC a scorer must exceed.") var minAUC = 0.6
    @Flag(help: "Print one JSON line per scorer instead of the table.") var json = false
    @Option(help: ArgumentHelp("Also write the whole report as JSON to this file.", valueName: "file")) var report: String?

    func validate() throws {
        guard count >= 1 else { throw ValidationError("--count must be at least 1") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard margin.isFinite, minAUC.isFinite, (0...1).contains(minAUC) else {
            throw ValidationError("--margin must be a number and --min-auc in [0, 1]")
        }
        do { _ = try ScorerAudit.configurations(scorers) } catch { throw ValidationError("--scorers: \(error)") }
    }

    func run() async throws {
        let task = try TaskChoice.task(named: self.task, difficulty: difficulty, posing: chat ? .chat : .plain)
        let examples = try EvalCommand.examples(split: split, task: task, count: count)
        let audit = try await Evaluator(directory: try ModelReference.resolve(model)).scorerAudit(
            task: task, examples: examples, split: split, samples: samples, temperature: temperature, scorers: scorers,
            thresholds: .init(margin: margin, minAUC: minAUC), seed: seed, maxNewTokens: maxTokens,
            registry: try modelScorers.registry())
        if let report {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            try encoder.encode(audit).write(to: URL(fileURLWithPath: report))
        }
        if json {
            for row in audit.rows { try JSONLines.print(ScorerAuditLine(audit, row)) }
        } else {
            print(audit.table)
        }
    }
}

/// One `--json` line: a scorer's row with the figures it is judged against.
struct ScorerAuditLine: Encodable {
    let scorer: String
    let role: String
    let auc: Double?
    let aucUndefinedReason: String?
    let positives: Int
    let negatives: Int
    let top1Accuracy: Double
    let greedyAccuracy: Double
    let passAtN: Double
    let meanScoreCorrect: Double?
    let meanScoreIncorrect: Double?
    let verdict: String
    let reason: String
    let prompts: Int
    let samples: Int

    init(_ report: AuditReport, _ row: AuditReport.Row) {
        (scorer, role, auc, aucUndefinedReason) = (row.scorer, row.role, row.auc.auc, row.auc.undefinedReason)
        (positives, negatives, top1Accuracy) = (row.auc.positives, row.auc.negatives, row.top1Accuracy)
        (greedyAccuracy, passAtN, prompts, samples) = (report.greedyAccuracy, report.passAtN, report.prompts, report.samples)
        (meanScoreCorrect, meanScoreIncorrect, verdict, reason) =
            (row.meanScoreCorrect, row.meanScoreIncorrect, row.verdict, row.reason)
    }

    // Encoded with nulls kept, so every line has every field.
    enum CodingKeys: String, CodingKey {
        case scorer, role, auc, aucUndefinedReason, positives, negatives, top1Accuracy, greedyAccuracy, passAtN
        case meanScoreCorrect, meanScoreIncorrect, verdict, reason, prompts, samples
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scorer, forKey: .scorer)
        try container.encode(role, forKey: .role)
        try container.encode(auc, forKey: .auc)
        try container.encode(aucUndefinedReason, forKey: .aucUndefinedReason)
        try container.encode(positives, forKey: .positives)
        try container.encode(negatives, forKey: .negatives)
        try container.encode(top1Accuracy, forKey: .top1Accuracy)
        try container.encode(greedyAccuracy, forKey: .greedyAccuracy)
        try container.encode(passAtN, forKey: .passAtN)
        try container.encode(meanScoreCorrect, forKey: .meanScoreCorrect)
        try container.encode(meanScoreIncorrect, forKey: .meanScoreIncorrect)
        try container.encode(verdict, forKey: .verdict)
        try container.encode(reason, forKey: .reason)
        try container.encode(prompts, forKey: .prompts)
        try container.encode(samples, forKey: .samples)
    }
}
