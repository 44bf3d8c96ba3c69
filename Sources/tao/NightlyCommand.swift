import ArgumentParser
import Fleet
import FleetRuntime
import Foundation
import Messages
import Nightly
import RunConfiguration
import TaoCLI

/// `tao nightly`: the one command a scheduler runs.
struct NightlyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nightly",
        abstract: "Tune on the prompts that arrived since the last night, judge the newest version, write a report.",
        discussion: """
            Takes the prompts on <run>.prompts past the generators' committed offsets (at most nightly.max-prompts, \
            within nightly.max-seconds), runs the generator, scorer, trainer and coordinator in this process on \
            them, waits for what is in flight (nightly.drain-seconds), lets the gate judge the newest version \
            against the promoted one (with gate.dev-file; without one the versions stay candidates for tao \
            promote), and writes <nightly.report-dir>/night-<n>/report.md with its SVG figures. Each night is \
            recorded on <run>.nightly: `started` with its window before anything is trained, `finished` with what \
            it took and decided, printed as the last line of output (JSON).

            Safe to run twice: with nothing new it says so and records nothing. Safe after a crash: a night that \
            started and never finished is run again with the same window, from where its generators got to; the \
            coordinator's checkpoint keeps anything from being trained twice. Do not run it beside a running \
            fleet (tao up, or stage processes) on the same run: their generators would share the window.

            --continuous runs a night every nightly.interval seconds until SIGINT/SIGTERM; a signal mid-night \
            stops it like a crash would (the next night resumes it).

            Example (cron, 02:00): tao nightly --config run.yaml
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @OptionGroup var fleet: FleetOptions
    @Option(help: .key("nightly.max-prompts")) var maxPrompts: Int?
    @Option(help: .key("nightly.min-prompts")) var minPrompts: Int?
    @Option(help: .key("nightly.max-seconds")) var maxSeconds: Double?
    @Option(help: .key("nightly.prompts-in-flight")) var promptsInFlight: Int?
    @Option(help: .key("nightly.drain-seconds")) var drainSeconds: Double?
    @Option(help: .key("nightly.interval")) var interval: Double?
    @Option(help: .key("nightly.report-dir", valueName: "dir")) var reportDir: String?
    @Option(help: .key("gate.dev-file", valueName: "file")) var devFile: String?
    @Option(help: .key("gate.tolerance")) var tolerance: Double?
    @Flag(help: "Run a night every nightly.interval seconds until stopped.") var continuous = false
    @OptionGroup(title: "Generator") var generator: GeneratorOptions
    @OptionGroup(title: "Scorer") var scorer: ScorerOptions
    @OptionGroup(title: "Trainer") var trainer: TrainerOptions
    @OptionGroup(title: "Coordinator") var coordinator: CoordinatorOptions

    func run() async throws {
        let given: [ConfigurationOverride?] = [
            .given(maxPrompts, "nightly.max-prompts", "--max-prompts"),
            .given(minPrompts, "nightly.min-prompts", "--min-prompts"),
            .given(maxSeconds, "nightly.max-seconds", "--max-seconds"),
            .given(promptsInFlight, "nightly.prompts-in-flight", "--prompts-in-flight"),
            .given(drainSeconds, "nightly.drain-seconds", "--drain-seconds"),
            .given(interval, "nightly.interval", "--interval"), .given(reportDir, "nightly.report-dir", "--report-dir"),
            .given(devFile, "gate.dev-file", "--dev-file"), .given(tolerance, "gate.tolerance", "--tolerance"),
        ]
        let run = try config.resolve(
            command: "tao nightly",
            flags: kafka.overrides + fleet.overrides + given.compactMap { $0 } + generator.overrides + scorer.overrides
                + trainer.overrides + coordinator.overrides,
            requiring: ["run.blob-store", "model.base"]
        ).configuration
        run.log.bootstrap()
        let nightly = NightlyRun(run: run, kafka: try run.kafka.clientConfiguration())
        let signals = ShutdownSignals()
        defer { signals.cancel() }
        let nights = Task {
            repeat {
                let began = ContinuousClock.now
                try await Self.runNight(nightly)
                guard continuous else { return }
                let next = began + .seconds(run.nightly.interval)
                Console.line("tao nightly: next night in \(Int((next - ContinuousClock.now) / .seconds(1))) s")
                try await Task.sleep(until: next)
            } while true
        }
        let stopped = Task {
            guard let signal = await signals.first() else { return }
            Console.line("tao nightly: signal \(signal): stopping (a night cut short is resumed by the next tao nightly)")
            nights.cancel()
        }
        defer { stopped.cancel() }
        do {
            try await nights.value
        } catch is CancellationError {
            // Stopped by a signal: between nights nothing is lost; mid-night, the record says `started` and the next
            // run resumes it.
        }
    }

    static func runNight(_ nightly: NightlyRun) async throws {
        switch try await nightly.once(say: { Console.line("tao nightly: \($0)") }) {
        case .nothingNew(let available, let lastNight):
            Console.line(
                "tao nightly: nothing new since " + (lastNight.map { "night \($0)" } ?? "the run began")
                    + " (\(available) prompts waiting; nightly.min-prompts \(nightly.run.nightly.minPrompts))")
        case .finished(let record, let report):
            Console.line("tao nightly: night \(record.night) finished: \(record.decision ?? "none"); report \(report.path)")
            Console.line(String(decoding: try WireCodec.encode(record), as: UTF8.self))
        }
    }
}
