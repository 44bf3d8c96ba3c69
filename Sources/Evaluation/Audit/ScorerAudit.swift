import Foundation
import Scoring
import Tasks

/// Audits scorers against labels before anyone tunes with them: for each prompt of a labeled slice, N sampled
/// candidates and the greedy answer; each candidate is correct or not by the task's own rules (the label), and
/// each scorer's scores are compared with that — ROC AUC over all candidates, top-1 accuracy (does the scorer's
/// favourite answer right?) against greedy accuracy and pass@N, mean score of right and wrong candidates.
///
/// Rows: every term of the configuration alone (its weight does not matter alone), the whole configuration when it
/// has several terms, and the `random` control, which any scorer worth tuning with must beat.
public enum ScorerAudit {
    /// One labeled prompt with what the policy said: its greedy completion and N samples — the majority audit's case.
    public typealias Case = MajorityVoteAudit.Case

    /// What the report says about the policy and the slice, before any scorer: filled in by the caller.
    public struct Context: Sendable {
        public var model: String
        public var split: String
        public var temperature: Float
        public var seed: UInt64

        public init(model: String, split: String, temperature: Float, seed: UInt64) {
            self.model = model
            self.split = split
            self.temperature = temperature
            self.seed = seed
        }
    }

    /// The configurations audited for `scorers`: each term alone, the whole (if several terms), `random`.
    public static func configurations(_ scorers: String) throws -> [(config: String, role: String)] {
        let parsed = try ScorerConfig(parsing: scorers)
        var result = parsed.terms.map { (config: $0.name, role: "term") }
        if parsed.terms.count > 1 { result.append((parsed.description, "combined")) }
        if !parsed.terms.contains(where: { $0.name == "random" }) { result.append(("random", "control")) }
        return result
    }

    /// - Throws: `ScorerConfigError` when a configuration cannot be built for `task`; a scorer's own errors.
    public static func audit(
        task: any TaskFamily, cases: [Case], scorers: String, context: Context,
        thresholds: AuditReport.Thresholds = .init(), registry: ScorerRegistry = .standard
    ) async throws -> AuditReport {
        let correct = cases.map { item in
            item.samples.map { Self.isCorrect($0, item.example, task) }
        }
        let greedy = cases.map { Self.isCorrect($0.greedy, $0.example, task) }
        let prompts = Double(max(cases.count, 1))
        let greedyAccuracy = Double(greedy.filter { $0 }.count) / prompts
        let labels = correct.flatMap { $0 }
        var rows: [AuditReport.Row] = []
        for (config, role) in try configurations(scorers) {
            let scorer = try registry.makeScorer(config: config, for: task)
            var scores: [[Double]] = []
            for item in cases {
                scores.append(try await scorer.score(prompt: item.example.prompt, completions: item.samples).map(\.total))
            }
            // The favourite: the highest score, the lowest index among equals.
            let top1 = zip(scores, correct).filter { scores, correct in
                guard let top = scores.max(), let best = scores.firstIndex(of: top) else { return false }
                return correct[best]
            }.count
            let flat = scores.flatMap { $0 }
            rows.append(row(
                scorer: config, role: role, auc: ROCAUC.compute(scores: flat, labels: labels),
                top1Accuracy: Double(top1) / prompts, scores: flat, labels: labels, greedyAccuracy: greedyAccuracy,
                thresholds: thresholds))
        }
        return AuditReport(
            model: context.model, task: task.name, split: context.split, prompts: cases.count,
            samples: cases.first?.samples.count ?? 0, temperature: context.temperature, seed: context.seed,
            scorers: try ScorerConfig(parsing: scorers).description, thresholds: thresholds,
            greedyAccuracy: greedyAccuracy,
            passAtN: Double(correct.filter { $0.contains(true) }.count) / prompts,
            sampledAccuracy: labels.isEmpty ? 0 : Double(labels.filter { $0 }.count) / Double(labels.count),
            rows: rows)
    }

    static func isCorrect(_ text: String, _ example: LabeledExample, _ task: any TaskFamily) -> Bool {
        task.extractAnswer(from: text, of: example.prompt).map { task.isCorrect($0, for: example) } ?? false
    }

    static func row(
        scorer: String, role: String, auc: ROCAUC.Result, top1Accuracy: Double, scores: [Double], labels: [Bool],
        greedyAccuracy: Double, thresholds: AuditReport.Thresholds
    ) -> AuditReport.Row {
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        let pairs = zip(scores, labels)
        let gain = top1Accuracy - greedyAccuracy
        let points = { (value: Double) in String(format: "%+.1f pts", 100 * value) }
        var failures: [String] = []
        if gain + 1e-9 < thresholds.margin {  // rounding slack: 0.52 − 0.50 is 0.02
            failures.append("top-1 \(points(gain)) vs greedy, needs \(points(thresholds.margin))")
        }
        if let value = auc.auc {
            if !(value > thresholds.minAUC) {
                failures.append(String(format: "AUC %.3f, needs > %.3f", value, thresholds.minAUC))
            }
        } else {
            failures.append("AUC undefined (\(auc.undefinedReason ?? ""))")
        }
        let reason = failures.isEmpty
            ? "top-1 \(points(gain)) vs greedy, " + String(format: "AUC %.3f > %.3f", auc.auc ?? 0, thresholds.minAUC)
            : failures.joined(separator: "; ")
        return AuditReport.Row(
            scorer: scorer, role: role, auc: auc, top1Accuracy: top1Accuracy,
            meanScoreCorrect: mean(pairs.filter { $0.1 }.map(\.0)),
            meanScoreIncorrect: mean(pairs.filter { !$0.1 }.map(\.0)),
            verdict: failures.isEmpty ? AuditReport.helps : AuditReport.doesNotHelp, reason: reason)
    }
}
