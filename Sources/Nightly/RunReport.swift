import Foundation
import Messages
import Plots

/// A run's report: `report.md` with its figures as standalone SVG beside it — the mean reward and the gate's dev
/// pass@1 by policy version, the promotions, and the prompts each night took. `tao report` writes one for the
/// whole run; each night writes one into its own directory, headed by what that night did.
public struct RunReport: Sendable {
    public let history: RunHistory
    /// The night this report is for, if any: its summary heads the report.
    public let night: NightRecord?

    public init(history: RunHistory, night: NightRecord? = nil) {
        self.history = history
        self.night = night
    }

    public static let rewardFigure = "reward-by-version.svg"
    public static let gateFigure = "dev-pass-at-1-by-version.svg"
    public static let trafficFigure = "prompts-by-night.svg"

    /// Writes `report.md` and the figures there is data for into `directory` (created if missing); returns the
    /// report's path.
    @discardableResult
    public func write(to directory: URL) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var figures: [String: String] = [:]
        for (name, svg) in try self.figures() {
            try Data(svg.utf8).write(to: directory.appendingPathComponent(name), options: .atomic)
            figures[name] = name
        }
        let report = directory.appendingPathComponent("report.md")
        try Data(markdown(figures: Set(figures.keys)).utf8).write(to: report, options: .atomic)
        return report
    }

    /// The figures there is data for, by file name.
    func figures() throws -> [(String, String)] {
        var result: [(String, String)] = []
        if !history.rewards.isEmpty {
            let chart = LineChart(
                title: "Mean reward by policy version", xLabel: "policy version that sampled", yLabel: "mean reward",
                series: [ChartSeries(
                    name: "mean reward of its candidates",
                    points: history.rewards.map { ChartPoint(x: Double($0.version), y: $0.meanReward) })])
            result.append((Self.rewardFigure, try chart.svg()))
        }
        if let (measure, values) = history.gateMeasure {
            let dev = values.sorted { $0.key < $1.key }
            let promoted = Set(history.promotions.filter(\.promotes).map(\.version))
            var series = [ChartSeries(
                name: measure == .devPassAt1 ? "dev pass@1 (greedy)" : "held-back mean score",
                points: dev.map { ChartPoint(x: Double($0.key), y: $0.value) })]
            let promotedPoints = dev.filter { promoted.contains($0.key) }.map { ChartPoint(x: Double($0.key), y: $0.value) }
            if !promotedPoints.isEmpty { series.append(ChartSeries(name: "promoted", points: promotedPoints, dashed: true)) }
            let chart = LineChart(
                title: "The gate's measure by policy version", xLabel: "policy version", yLabel: measure.label,
                series: series, yFormat: measure == .devPassAt1 ? .percent : .plain)
            result.append((Self.gateFigure, try chart.svg()))
        }
        let nights = history.finishedNights
        if !nights.isEmpty {
            let chart = BarChart(
                title: "Prompts taken by night", yLabel: "prompts", categories: nights.map { "night \($0.night)" },
                series: [BarSeries(name: "prompts taken", values: nights.map { Double($0.promptsTaken ?? $0.windowCount) })])
            result.append((Self.trafficFigure, try chart.svg()))
        }
        return result
    }

    func markdown(figures: Set<String>) -> String {
        var lines: [String] = []
        if let night {
            lines.append("# Run \(history.runId), night \(night.night)")
            lines.append("")
            lines += Self.summary(night)
        } else {
            lines.append("# Run \(history.runId)")
        }
        lines.append("")
        let serving = history.promoted.map { "v\($0)" } ?? "nothing promoted yet"
        lines.append(
            "Prompts arrived: \(history.promptsArrived). Policy versions announced: \(history.versions.count)"
                + (history.versions.last.map { " (newest v\($0))" } ?? "") + ". Serving: \(serving).")
        lines.append("")
        lines.append("## Reward and the gate's measure by version")
        lines.append("")
        let measure = history.gateMeasure
        let label = measure?.measure.label ?? "the gate's measure"
        for (file, caption) in [(Self.rewardFigure, "mean reward by version"), (Self.gateFigure, "\(label) by version")] {
            lines.append(figures.contains(file) ? "![\(caption)](\(file))" : "No data yet for \(caption).")
            lines.append("")
        }
        lines.append("Versions with a decision, and the first and newest that sampled (the figures show every version):")
        lines.append("")
        lines.append("| version | mean reward | candidates | \(label) | decision |")
        lines.append("|---:|---:|---:|---:|---|")
        let rewards = Dictionary(uniqueKeysWithValues: history.rewards.map { ($0.version, $0) })
        let dev = measure?.byVersion ?? [:]
        let heldBack = measure?.measure == .heldBackScore
        let show: (Double) -> String = { heldBack ? Self.number($0) : Self.percent($0) }
        let decisions = Dictionary(grouping: history.promotions, by: \.version)
        // Every version is in the figure; the table keeps those with a decision and the first and newest sampled.
        let ends = [history.rewards.first?.version, history.rewards.last?.version].compactMap { $0 }
        for version in Set(ends).union(dev.keys).union(decisions.keys).sorted() {
            let reward = rewards[version]
            lines.append(
                "| v\(version) | \(reward.map { Self.number($0.meanReward) } ?? "–") | \(reward.map { String($0.candidates) } ?? "–") | "
                    + "\(dev[version].map(show) ?? "–") | "
                    + "\(decisions[version]?.map { "\($0.decision.rawValue) (\($0.by))" }.joined(separator: ", ") ?? "") |")
        }
        lines.append("")
        lines.append("## Promotions")
        lines.append("")
        if history.promotions.isEmpty {
            lines.append("Nothing decided yet.")
        } else {
            lines.append("| when (UTC) | version | decision | by | reason |")
            lines.append("|---|---:|---|---|---|")
            for record in history.promotions {
                lines.append(
                    "| \(Self.time(record.at)) | v\(record.version) | \(record.decision.rawValue) | \(record.by) | "
                        + "\(record.reason.replacingOccurrences(of: "|", with: "\\|")) |")
            }
        }
        lines.append("")
        lines.append("## Traffic by night")
        lines.append("")
        let nights = history.finishedNights
        if nights.isEmpty {
            lines.append("No night has finished yet.")
        } else {
            if figures.contains(Self.trafficFigure) {
                lines.append("![prompts taken by night](\(Self.trafficFigure))")
                lines.append("")
            }
            lines.append("| night | attempts | prompts | versions | decision | finished (UTC) |")
            lines.append("|---:|---:|---:|---|---|---|")
            for night in nights {
                lines.append(
                    "| \(night.night) | \(night.attempt) | \(night.promptsTaken ?? night.windowCount) | "
                        + "\(Self.versions(night)) | \(night.decision ?? "") | \(night.finishedAt.map(Self.time) ?? "") |")
            }
        }
        lines.append("")
        return lines.joined(separator: "\n")
    }

    static func summary(_ night: NightRecord) -> [String] {
        var lines = [
            "- Window: " + night.window.filter { $0.count > 0 }.map { "partition \($0.partition) offsets \($0.from)..<\($0.to)" }
                .joined(separator: ", ") + " (\(night.windowCount) prompts; attempt \(night.attempt))",
            "- Prompts taken: \(night.promptsTaken ?? 0)",
            "- Versions: \(versions(night))",
            "- Decision: \(night.decision ?? "none")" + (night.reason.map { ": \($0)" } ?? ""),
        ]
        if !night.figures.isEmpty {
            lines.append("- Figures: " + night.figures.sorted { $0.key < $1.key }.map { "\($0.key) \(figure($0.value))" }
                .joined(separator: ", "))
        }
        return lines
    }

    static func versions(_ night: NightRecord) -> String {
        (night.versionBefore.map { "v\($0)" } ?? "new run") + " → " + (night.versionAfter.map { "v\($0)" } ?? "?")
    }

    /// Counts as integers, measurements with three decimals.
    static func figure(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : number(value)
    }

    static func number(_ value: Double) -> String { String(format: "%.3f", value) }
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    static func time(_ seconds: Int) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime, .withSpaceBetweenDateAndTime]
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
