extension ConfigurationKeys {
    static let nightly: [ConfigurationKey] = [
        .integer(
            "nightly.max-prompts", \.nightly.maxPrompts, flag: "--max-prompts", range: 1...Int.max,
            "Most prompts one night takes, oldest first; the rest wait for the next night."),
        .integer(
            "nightly.min-prompts", \.nightly.minPrompts, flag: "--min-prompts", range: 1...Int.max,
            "With fewer new prompts than this, a night does nothing and says so."),
        .number(
            "nightly.max-seconds", \.nightly.maxSeconds, flag: "--max-seconds", range: 0...Double.infinity, above: true,
            "Seconds a night may spend taking prompts; then it takes no more, finishes what is in flight, judges and reports."),
        .optionalInteger(
            "nightly.prompts-in-flight", \.nightly.promptsInFlight, flag: "--prompts-in-flight", range: 1...Int.max,
            "Most prompts sampled and not yet trained on, so candidates come from a recent policy and few go stale; ~: coordinator.updates-per-version (one version's worth: the stages share one compute worker, so a deeper pipeline only samples from older versions)."),
        .number(
            "nightly.drain-seconds", \.nightly.drainSeconds, flag: "--drain-seconds", range: 0...Double.infinity, above: true,
            "Seconds to finish what is in flight (scoring, training, the coordinator's commit) once the prompts are taken."),
        .number(
            "nightly.interval", \.nightly.interval, flag: "--interval", range: 0...Double.infinity,
            "Seconds from the start of one night to the start of the next with --continuous."),
        .text(
            "nightly.report-dir", \.nightly.reportDir, flag: "--report-dir", allowed: "a directory path",
            check: { !$0.isEmpty }, "Each night's report (report.md and its SVG figures) goes to <report-dir>/night-<n>/."),
    ]
}
