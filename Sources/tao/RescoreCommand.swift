import ArgumentParser
import Fleet
import Foundation
import Kafka
import Messages
import RunConfiguration
import TaoCLI

/// `tao rescore`: a range of a run's candidates scored again with another scorer configuration, into a new run.
struct RescoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rescore",
        abstract: "Score a range of <run>.candidates again with other scorers, into <to-run>.rollouts; nothing is sampled again.",
        discussion: """
            Reads <run>.candidates as no group's member — the whole topic up to its end now, or offsets \
            (--from-offset/--to-offset: OFFSET for every partition, or PARTITION:OFFSET,…; from inclusive, to \
            exclusive), or record times (--from/--to: ISO-8601 or milliseconds since 1970; from inclusive, to \
            exclusive) — scores every group with --scorers, as tao-scorer would, and writes the rollouts to \
            <to-run>.rollouts. A record that does not decode, breaks the candidates' rules, or whose task the \
            scorers cannot score goes to <to-run>.dead-letter with the reason.

            Idempotent: the rollout ids and dead letters <to-run> already has are read first and skipped, so \
            running it again over the same range writes nothing. Progress goes to standard error; a JSON summary \
            (read, written, skippedExisting, deadLettered, meanReward, componentMeans, …) is the last line on \
            standard output.

            Example: tao rescore --run-id tao --to-run tao-format --scorers verifier+0.2*format \
            --from 2025-06-01T00:00:00Z --to 2025-06-02T00:00:00Z
            """)

    @OptionGroup var kafka: KafkaOptions
    @OptionGroup(title: "Run configuration") var config: ConfigurationOptions
    @Option(help: .key("run.id", valueName: "id")) var runId: String?
    @Option(help: ArgumentHelp("The new run whose rollouts and dead-letter topics are written.", valueName: "id"))
    var toRun: String
    @Option(help: ArgumentHelp("Scorer configuration, as scorer.scorers: e.g. verifier+0.2*format.", valueName: "config"))
    var scorers: String
    @Option(help: ArgumentHelp("First record time (inclusive): ISO-8601 or epoch milliseconds.", valueName: "time"))
    var from: String?
    @Option(help: ArgumentHelp("Record time to stop before (exclusive): ISO-8601 or epoch milliseconds.", valueName: "time"))
    var to: String?
    @Option(help: ArgumentHelp("First offset (inclusive): OFFSET or PARTITION:OFFSET,…", valueName: "offsets"))
    var fromOffset: String?
    @Option(help: ArgumentHelp("Offset to stop before (exclusive): OFFSET or PARTITION:OFFSET,…", valueName: "offsets"))
    var toOffset: String?
    @Flag(help: "No progress on standard error.") var quiet = false

    func validate() throws {
        guard !toRun.isEmpty, toRun.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) })
        else { throw ValidationError("--to-run may only contain letters, digits, '.', '_' and '-'") }
        if (from != nil || to != nil) && (fromOffset != nil || toOffset != nil) {
            throw ValidationError("give a range by time (--from/--to) or by offsets (--from-offset/--to-offset), not both")
        }
        _ = try range()
    }

    func run() async throws {
        let run = try config.resolve(
            command: "tao rescore", flags: kafka.overrides + [.given(runId, "run.id", "--run-id")].compactMap { $0 }
        ).configuration
        let source = run.settings.shared.topics
        guard source.runId != toRun else { throw ValidationError(RescoreError.sameRun(toRun).description) }
        let client = try run.kafka.clientConfiguration()
        let service: RescoreService
        do {
            // The configuration's reward model, judge and HTTP scorer are available by name, as in tao-scorer.
            service = try RescoreService(
                sourceTopic: source.candidates.name, target: FleetTopics(runId: toRun), scorers: scorers,
                registry: try run.settings.scorer.registry())
        } catch {
            throw ValidationError("--scorers: \(error)")
        }
        let bus = try KafkaBus.connect(client)
        let view = RescoreProgressLine(quiet: quiet)
        let summary: RescoreSummary
        do {
            summary = try await service.run(range: try range(), kafka: client, bus: bus) { view.show($0) }
            try await bus.close()
        } catch {
            try? await bus.close()
            throw error
        }
        view.finish()
        try JSONLines.print(summary)
    }

    private func range() throws -> RescoreRange {
        do {
            if from != nil || to != nil {
                return .time(from: try from.map(RescoreRange.time(parsing:)), to: try to.map(RescoreRange.time(parsing:)))
            }
            return .offsets(
                from: try fromOffset.map(PartitionOffsets.init(parsing:)) ?? PartitionOffsets(),
                to: try toOffset.map(PartitionOffsets.init(parsing:)) ?? PartitionOffsets())
        } catch let error as RescoreError {
            throw ValidationError(error.description)
        }
    }
}

/// Progress on standard error, at most once a second and once at the end: records scanned of the plan, the rate,
/// and what became of them.
final class RescoreProgressLine {
    let quiet: Bool
    private var last: ContinuousClock.Instant?
    private var latest: RescoreProgress?

    init(quiet: Bool) { self.quiet = quiet }

    func show(_ progress: RescoreProgress) {
        latest = progress
        let now = ContinuousClock.now
        if let last, now - last < .seconds(1) { return }
        last = now
        write(progress)
    }

    func finish() {
        if let latest { write(latest) }
    }

    private func write(_ progress: RescoreProgress) {
        guard !quiet else { return }
        let share = progress.total > 0 ? 100 * progress.scanned / progress.total : 100
        let line = "tao rescore: \(progress.scanned)/\(progress.total) records (\(share)%), "
            + String(format: "%.0f records/s", progress.rate)
            + ", written \(progress.written), skipped \(progress.skipped), dead-lettered \(progress.deadLettered)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
