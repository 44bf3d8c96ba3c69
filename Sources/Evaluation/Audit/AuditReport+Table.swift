import Foundation

extension AuditReport {
    /// The report as a Markdown table, a row per scorer, under a line with greedy accuracy and pass@N.
    public var table: String {
        func percent(_ value: Double) -> String { String(format: "%.1f %%", 100 * value) }
        func number(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "—" }
        var lines = [
            "Scorer audit of \(model) on \(task) \(split): \(prompts) prompts × \(samples) samples at T \(temperature); "
                + "greedy \(percent(greedyAccuracy)), pass@\(samples) (oracle) \(percent(passAtN)), "
                + "sampled accuracy \(percent(sampledAccuracy))",
            "",
            "| scorer | role | AUC | correct / incorrect | top-1 | top-1 − greedy | mean score correct | mean score incorrect | verdict |",
            "|---|---|---:|---:|---:|---:|---:|---:|---|",
        ]
        for row in rows {
            let gain = String(format: "%+.1f pts", 100 * (row.top1Accuracy - greedyAccuracy))
            lines.append(
                "| \(row.scorer) | \(row.role) | \(row.auc.auc.map { String(format: "%.3f", $0) } ?? "undefined") "
                    + "| \(row.auc.positives) / \(row.auc.negatives) | \(percent(row.top1Accuracy)) | \(gain) "
                    + "| \(number(row.meanScoreCorrect)) | \(number(row.meanScoreIncorrect)) | \(row.verdict): \(row.reason) |")
        }
        return lines.joined(separator: "\n")
    }
}
