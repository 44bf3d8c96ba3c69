import Foundation

/// What ``Evaluator`` measured for one model on one set of prompts. Codable: `tao eval --json` prints it.
public struct EvaluationReport: Sendable, Equatable, Codable {
    /// One prompt's outcome.
    public struct Item: Sendable, Equatable, Codable {
        public var id: String
        /// The greedy completion's extracted answer, `nil` when it had none.
        public var greedyAnswer: String?
        public var greedyCorrect: Bool
        /// c of the n samples.
        public var correctSamples: Int
        public var meanReward: Double?
    }

    /// The model directory or a label.
    public var model: String
    public var task: String
    /// `eval` (the task's held-out split) or the JSONL file's path.
    public var split: String
    public var settings: EvaluationSettings
    /// Prompts evaluated.
    public var count: Int
    /// Fraction of prompts whose greedy answer is correct.
    public var passAt1: Double
    /// Mean over prompts of the unbiased pass@k from `settings.samples` samples (``PassAtK``).
    public var passAtK: Double
    /// Mean over prompts of c/n: the chance that one sample at the temperature is correct.
    public var sampledAccuracy: Double
    /// Mean scorer total over every sample (`nil` without a scorer).
    public var meanReward: Double?
    /// Mean tokens of the greedy completions (terminator included): the inference cost per answer.
    public var meanGreedyTokens: Double
    /// Mean tokens of the sampled completions.
    public var meanSampledTokens: Double
    public var seconds: Double
    public var items: [Item]
}

extension EvaluationReport {
    /// A Markdown table of the headline numbers.
    public var markdown: String {
        let k = settings.k
        var rows = [
            "| metric | value |", "|---|---|",
            "| prompts | \(count) |",
            "| pass@1 (greedy) | \(Self.percent(passAt1)) |",
            "| pass@\(k) (n=\(settings.samples), T=\(settings.temperature)) | \(Self.percent(passAtK)) |",
            "| sampled accuracy (T=\(settings.temperature)) | \(Self.percent(sampledAccuracy)) |",
        ]
        if let meanReward {
            rows.append("| mean reward (\(settings.scorerConfig ?? "-")) | \(Self.decimal(meanReward)) |")
        }
        rows.append("| mean output tokens (greedy) | \(Self.decimal(meanGreedyTokens, digits: 1)) |")
        rows.append("| mean output tokens (sampled) | \(Self.decimal(meanSampledTokens, digits: 1)) |")
        return "**\(model)** on `\(task)` (\(split))\n\n" + rows.joined(separator: "\n") + "\n"
    }

    /// A Markdown table comparing `base` with `tuned` (same prompts and settings) metric by metric.
    public static func comparison(base: EvaluationReport, tuned: EvaluationReport) -> String {
        let k = base.settings.k
        func row(_ name: String, _ b: Double?, _ t: Double?, percent: Bool = true) -> String {
            guard let b, let t else { return "| \(name) | - | - | - |" }
            let show = { percent ? Self.percent($0) : Self.decimal($0, digits: 2) }
            let delta = percent ? String(format: "%+.1f pts", (t - b) * 100) : String(format: "%+.2f", t - b)
            return "| \(name) | \(show(b)) | \(show(t)) | \(delta) |"
        }
        return [
            "| metric | base | tuned | change |", "|---|---|---|---|",
            row("pass@1 (greedy)", base.passAt1, tuned.passAt1),
            row("pass@\(k) (n=\(base.settings.samples), T=\(base.settings.temperature))", base.passAtK, tuned.passAtK),
            row("sampled accuracy", base.sampledAccuracy, tuned.sampledAccuracy),
            row("mean reward", base.meanReward, tuned.meanReward, percent: false),
            row("mean output tokens (greedy)", base.meanGreedyTokens, tuned.meanGreedyTokens, percent: false),
        ].joined(separator: "\n") + "\n"
    }

    public static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }
    static func decimal(_ value: Double, digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
}
