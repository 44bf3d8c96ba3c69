import Evaluation
import Fleet
import Tuning

/// Markdown tables of the experiments' results, as committed to docs/results.md.
extension TaskComparison {
    public var markdown: String {
        let pct = EvaluationReport.percent
        var lines = [
            "### \(task): base vs SFT vs TAO on \(promptCount) prompts (seed \(promptSeed))", "",
            "| model | held-out pass@1 | pass@\(base.eval.k) | sampled acc. | answer tokens | dev pass@1 | gap closed "
                + "| traffic pass@1 | traffic pass@\(base.eval.k) | training s |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for arm in [base, sft, tao] {
            let gap = arm.name == "base" ? "—" : gapClosed(arm).map { String(format: "%.0f%%", $0 * 100) } ?? "no gap"
            lines.append(
                "| \(arm.name) | \(pct(arm.eval.passAt1)) | \(pct(arm.eval.passAtK)) | \(pct(arm.eval.sampledAccuracy)) "
                    + "| \(String(format: "%.1f", arm.eval.meanGreedyTokens)) | \(pct(arm.dev.passAt1)) | \(gap) "
                    + "| \(arm.traffic.map { pct($0.passAt1) } ?? "—") | \(arm.traffic.map { pct($0.passAtK) } ?? "—") "
                    + "| \(String(format: "%.0f", arm.trainingSeconds)) |")
        }
        lines += [
            "", "Gap closed: the share of the base's held-out pass@1 → pass@\(base.eval.k) gap. Traffic: the first "
                + "\(base.traffic?.count ?? 0) distinct tuning prompts, labels used only to measure. "
                + "TAO: N = \(tuning.samplesPerPrompt), T = \(tuning.temperature), lr \(tuning.learningRate), "
                + "\(tuning.updatesPerVersion) groups per version, loss \(tuning.loss), scorer `\(tuning.scorer)`, "
                + "\(taoPasses ?? 1) pass(es) over the prompts, \(staleGroups) stale groups. "
                + "SFT: \(fineTune.epochs) epoch(s), lr \(fineTune.learningRate), "
                + "batch \(fineTune.batchSize).",
            "", String(
                format: "Before tuning, on dev: greedy %.1f%%, majority of %d samples %.1f%%, pass@%d %.1f%%, "
                    + "confidently wrong %.1f%%.", majorityAudit.greedyAccuracy * 100, tuning.samplesPerPrompt,
                majorityAudit.majorityAccuracy * 100, tuning.samplesPerPrompt, majorityAudit.passAtN * 100,
                majorityAudit.confidentlyWrong * 100),
            "", "Evaluation gate: **\(gate.promote ? "promote" : "refuse")** — \(gate.reason).", "",
            "| version | mean reward | dev pass@1 |", "|---|---|---|",
        ]
        for point in versions {
            let reward = point.meanReward.map { String(format: "%.3f", $0) } ?? "—"
            lines.append("| \(point.version) | \(reward) | \(pct(point.devPassAt1)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension ScalingResult {
    public var markdown: String {
        let pct = EvaluationReport.percent
        var lines = [
            "### \(task): TAO with N candidates per prompt, \(promptCount) prompts (seed \(promptSeed))", "",
            "| N | completions sampled | held-out pass@1 | pass@\(base.eval.k) | dev pass@1 | traffic pass@1 "
                + "| answer tokens | parameters | training s |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        func row(_ n: String, _ completions: Int, _ s: ArmMeasurement, _ parameters: Int, _ seconds: String) -> String {
            "| \(n) | \(completions) | \(pct(s.eval.passAt1)) | \(pct(s.eval.passAtK)) | \(pct(s.dev.passAt1)) "
                + "| \(s.traffic.map { pct($0.passAt1) } ?? "—") | \(String(format: "%.1f", s.eval.meanGreedyTokens)) "
                + "| \(parameters) | \(seconds) |"
        }
        lines.append(row("base", 0, base, baseParameters, "—"))
        for point in points {
            lines.append(row(
                "\(point.samplesPerPrompt)" + (point.scorer.map { ", scorer `\($0)`" } ?? ""), point.sampledCompletions,
                point.score, point.parameters,
                String(format: "%.0f", point.score.trainingSeconds)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
