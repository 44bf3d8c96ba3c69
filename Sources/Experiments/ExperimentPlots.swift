import Plots

/// The experiments' figures, as SVG text.
public enum ExperimentPlots {
    /// Reward and dev pass@1 across the TAO run's policy versions, with the base's dev pass@1 for reference.
    public static func versions(_ result: TaskComparison) throws -> String {
        let accuracy = ChartSeries(
            name: "dev pass@1 (greedy)", points: result.versions.map { ChartPoint(x: Double($0.version), y: $0.devPassAt1) })
        let reward = ChartSeries(
            name: "mean reward of groups (\(result.tuning.scorer))",
            points: result.versions.compactMap { p in p.meanReward.map { ChartPoint(x: Double(p.version), y: $0) } },
            dashed: true)
        return try LineChart(
            title: "\(result.task): TAO with \(result.tuning.scorer), by version — gate "
                + (result.gate.promote ? "promotes" : "refuses"),
            // A short run's snapshots may each follow too few groups for a reward point.
            xLabel: "policy version", yLabel: "fraction", series: [accuracy] + (reward.points.isEmpty ? [] : [reward]),
            references: [
                ReferenceLine(label: "base dev pass@1", y: result.base.dev.passAt1),
                ReferenceLine(label: "SFT dev pass@1", y: result.sft.dev.passAt1),
            ],
            yRange: 0...max(0.5, (result.versions.map(\.devPassAt1) + result.versions.compactMap(\.meanReward)).max() ?? 0),
            yFormat: .percent
        ).svg()
    }

    /// Held-out pass@1 of base, SFT and TAO per run, next to the base's pass@k (the sharpening ceiling).
    /// - Parameter labels: one category name per result (default: its task).
    public static func comparison(_ results: [TaskComparison], labels: [String]? = nil) throws -> String {
        let k = results.first?.base.eval.k ?? 8
        return try BarChart(
            title: "Base vs SFT (labels) vs TAO (same prompts, no labels): held-out pass@1",
            yLabel: "held-out pass@1", categories: labels ?? results.map(\.task),
            series: [
                BarSeries(name: "base", values: results.map(\.base.eval.passAt1)),
                BarSeries(name: "SFT", values: results.map(\.sft.eval.passAt1)),
                BarSeries(name: "TAO", values: results.map(\.tao.eval.passAt1)),
                BarSeries(name: "base pass@\(k)", values: results.map(\.base.eval.passAtK)),
            ],
            yRange: 0...1, yFormat: .percent, width: 720
        ).svg()
    }

    /// Held-out and dev pass@1 against N, with the base's pass@1 and pass@k for reference.
    /// With several scorers (control arms), one held-out series per scorer.
    public static func scaling(_ result: ScalingResult) throws -> String {
        let scorers = result.points.reduce(into: [String?]()) { if !$0.contains($1.scorer) { $0.append($1.scorer) } }
        func series(_ name: String, scorer: String?, _ value: (ArmMeasurement) -> Double) -> ChartSeries {
            ChartSeries(name: name, points: result.points.filter { $0.scorer == scorer }.map {
                ChartPoint(x: Double($0.samplesPerPrompt), y: value($0.score))
            })
        }
        let lines: [ChartSeries]
        if scorers.count > 1 {
            lines = scorers.map { scorer in
                series("held-out pass@1, \(scorer ?? result.tuning.scorer)", scorer: scorer) { $0.eval.passAt1 }
            }
        } else {
            let only = scorers.first ?? nil
            lines = [series("held-out pass@1", scorer: only) { $0.eval.passAt1 },
                     series("dev pass@1", scorer: only) { $0.dev.passAt1 }]
                + (result.points.allSatisfy { $0.score.traffic != nil }
                    ? [series("pass@1 on the tuning traffic", scorer: only) { $0.traffic!.passAt1 }] : [])
        }
        let references = [
            ReferenceLine(label: "base held-out pass@1", y: result.base.eval.passAt1),
            // With k = 1 the base's pass@k is its pass@1 on one sample: say so, or both lines read "pass@1".
            ReferenceLine(
                label: result.base.eval.k == 1 ? "base held-out pass@1, sampled" : "base held-out pass@\(result.base.eval.k)",
                y: result.base.eval.passAtK),
        ]
        return try LineChart(
            title: "\(result.task): TAO with N samples per prompt (\(result.promptCount) prompts)",
            xLabel: "N, candidates sampled per prompt while tuning", yLabel: "pass@1 (greedy)",
            series: lines, references: references,
            xScale: .log2, yRange: scalingYRange(lines.flatMap { $0.points.map(\.y) } + references.map(\.y)),
            yFormat: .percent
        ).svg()
    }

    /// From 0 to at least 60 %, raised in steps of 10 % until every value has room above it (a 64.5 % point
    /// would otherwise be clipped off a fixed 0–60 % axis), and never past 100 %.
    static func scalingYRange(_ values: [Double]) -> ClosedRange<Double> {
        let highest = values.max() ?? 0
        return 0...min(1, max(0.6, ((highest + 0.05) * 10 - 1e-9).rounded(.up) / 10))
    }
}
