import Evaluation
import Foundation
import Scoring

/// Whether the label-free gate may trust the run's scorer, from its `tao scorer audit` on labeled prompts: the
/// held-back mean is only evidence of quality when the scorer's ranking agrees with correctness. Trusted when the
/// audit's row for the scorer says it helps (top-1 beats greedy, AUC above the threshold) and its top-1 accuracy
/// beats the random control's — a small or noisy labeled slice can make a coin look helpful, and a scorer that does
/// not beat the coin has not shown anything.
public struct ScorerTrust: Sendable, Equatable {
    public let trusted: Bool
    /// Why, with the audit's figures.
    public let reason: String

    /// - Throws: `GateError.scorerAudit` when the file cannot be read, or audits another task or another scorer.
    public init(auditFile: String, scorer: String, task: String) throws {
        let report: AuditReport
        do {
            report = try JSONDecoder().decode(AuditReport.self, from: Data(contentsOf: URL(fileURLWithPath: auditFile)))
        } catch {
            throw GateError.scorerAudit(auditFile, "cannot be read as `tao scorer audit --report` JSON: \(error)")
        }
        self = try Self(report: report, scorer: scorer, task: task, file: auditFile)
    }

    public init(report: AuditReport, scorer: String, task: String, file: String = "the audit") throws {
        let canonical = (try? ScorerConfig(parsing: scorer).description) ?? scorer
        guard report.task == task || report.task.hasPrefix(task + "-") || task.hasPrefix(report.task) else {
            throw GateError.scorerAudit(file, "audits task '\(report.task)', not the gate's '\(task)' (set gate.task to the run's task)")
        }
        guard let row = report.row(canonical) else {
            throw GateError.scorerAudit(
                file, "has no row for the run's scorer '\(canonical)' (it audited \(report.rows.map(\.scorer).joined(separator: ", "))); "
                    + "run `tao scorer audit --scorers '\(canonical)' --report …`")
        }
        let control = report.row("random")
        let beatsControl = control.map { row.top1Accuracy > $0.top1Accuracy } ?? false
        let figures = String(
            format: "AUC %@, top-1 %.1f%% vs greedy %.1f%%%@ on %d labeled prompts",
            row.auc.auc.map { String(format: "%.2f", $0) } ?? "undefined", 100 * row.top1Accuracy, 100 * report.greedyAccuracy,
            control.map { String(format: " and random %.1f%%", 100 * $0.top1Accuracy) } ?? "", report.prompts)
        trusted = row.helps && beatsControl
        reason = trusted
            ? "scorer '\(canonical)' audited: it helps (\(figures))"
            : "scorer '\(canonical)' is not trusted by its audit: "
                + (row.helps ? "it does not beat the random control" : row.reason) + " (\(figures))"
    }
}
