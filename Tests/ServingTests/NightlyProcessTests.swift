import Fleet
import Foundation
import Kafka
import Messages
import TestSupport
import Testing

/// `tao nightly` as a scheduler runs it, each night a process against one embedded broker (`tao broker`): prompts
/// arrive by an independent producer (kcat); each night takes what arrived since the last, trains, lets the gate
/// judge and writes its report; a second run with nothing new does nothing; a night killed halfway is resumed with
/// its window, and every prompt of every window is answered on the rollouts topic — none skipped.
@Suite(.serialized) struct NightlyProcessTests {
    @Test(.timeLimit(.minutes(12)))
    func nightsTakeWhatArrivedSinceTheLastAndACrashedNightIsResumed() async throws {
        let rig = try await NightlyRig(name: "nightly")
        defer { rig.stop() }
        let (work, runId, bootstrap, kafka, topics) = (rig.work, rig.runId, rig.bootstrap, rig.kafka, rig.topics)
        let config = try await Self.writeConfiguration(in: work, runId: runId, bootstrap: bootstrap)
        var nights = Nights(work: work, config: config)

        try Self.produce((0..<40).map { "a\($0)" }, seed: 11, to: topics.prompts.name, bootstrap: bootstrap, in: work)
        let first = try nights.run()
        #expect(first.record?.night == 1 && first.record?.attempt == 1 && first.record?.promptsTaken == 24, "\(first.log)")
        #expect(first.record?.windowCount == 24)
        #expect((first.record?.versionAfter ?? 0) > (first.record?.versionBefore ?? 0), "the night trained: \(first.log)")
        #expect(["promoted", "refused"].contains(first.record?.decision ?? ""), "the gate judged: \(first.log)")
        let report = work.appendingPathComponent("reports/night-1/report.md")
        let markdown = (try? String(contentsOf: report, encoding: .utf8)) ?? ""
        #expect(markdown.hasPrefix("# Run \(runId), night 1") && markdown.contains("](reward-by-version.svg)"), "\(markdown)")

        let second = try nights.run()
        #expect(second.record?.night == 2 && second.record?.promptsTaken == 16, "\(second.log)")
        // The second window starts exactly where the first ended, partition by partition: nothing skipped or repeated.
        let firstEnds = Dictionary(uniqueKeysWithValues: (first.record?.window ?? []).map { ($0.partition, $0.to) })
        for range in second.record?.window ?? [] { #expect(range.from == firstEnds[range.partition], "\(range)") }

        let idle = try nights.run()
        #expect(idle.record == nil && idle.log.contains("nothing new since night 2"), "\(idle.log)")
        #expect(try await NightlyTopicRecords.read(topics, kafka).count == 4, "an idle night records nothing")

        // A night killed once it has committed a version: the next run resumes it.
        try Self.produce((0..<40).map { "b\($0)" }, seed: 12, to: topics.prompts.name, bootstrap: bootstrap, in: work)
        let killed = try nights.start()
        let before = second.record?.versionAfter ?? 0
        try await eventually("the third night commits a version", within: .seconds(240), polling: .milliseconds(200)) {
            guard killed.process.isRunning else { throw ServeProcessError.exited(killed.log) }
            return try await NightlyTopicRecords.newestVersion(topics, kafka) > before
        }
        kill(killed.process.processIdentifier, SIGKILL)
        killed.process.waitUntilExit()
        let resumed = try nights.run()
        let records = try await NightlyTopicRecords.read(topics, kafka)
        let started = try #require(records.first { $0.night == 3 && $0.status == .started && $0.attempt == 1 })
        #expect(resumed.record?.night == 3 && resumed.record?.attempt == 2, "\(resumed.log)")
        #expect(resumed.record?.window.map(\.to) == started.window.map(\.to), "the resumed night keeps its window")
        #expect(records.map(\.id).suffix(3) == ["night-3-started-1", "night-3-started-2", "night-3-finished-2"])

        // Every prompt of every window was sampled and scored (or dead-lettered with a reason): none was skipped.
        let taken = records.filter { $0.status == .finished }.flatMap(\.window)
        let prompts = try await KafkaTopicSnapshot.read(
            topics.prompts.name, partitions: topics.prompts.partitions, configuration: kafka)
        let inWindows = Set(prompts.filter { message in
            taken.contains { $0.partition == Int(message.partition) && (($0.from)..<($0.to)).contains(message.offset) }
        }.compactMap { try? JSONDecoder().decode(PromptMessage.self, from: Data($0.value)).id })
        #expect(inWindows.count == 64)
        let answered = Set(try await KafkaTopicSnapshot.read(
            topics.rollouts.name, partitions: topics.rollouts.partitions, configuration: kafka
        ).compactMap { try? WireCodec.decode(RolloutMessage.self, from: $0.value).candidates.prompt.id })
        #expect(inWindows.subtracting(answered).isEmpty, "not answered: \(inWindows.subtracting(answered).sorted())")

        let summary = try nights.command(["report", "--config", config.path, "--out", work.appendingPathComponent("whole").path])
        #expect(summary.contains("3 nights"), "\(summary)")

        // --continuous: the same, a night every interval, until a signal stops it between nights.
        let continuous = try nights.start(["--continuous", "--interval", "1"])
        try Self.produce((0..<6).map { "c\($0)" }, seed: 13, to: topics.prompts.name, bootstrap: bootstrap, in: work)
        try await eventually("a fourth night finishes", within: .seconds(240), polling: .milliseconds(500)) {
            guard continuous.process.isRunning else { throw ServeProcessError.exited(continuous.log) }
            return try await NightlyTopicRecords.read(topics, kafka).contains { $0.night == 4 && $0.status == .finished }
        }
        try await eventually("it waits for the next night", within: .seconds(60)) {
            continuous.lines.contains { $0.contains("nothing new since night 4") }
        }
        continuous.stop()
        #expect(continuous.process.terminationStatus == 0, "\(continuous.log.suffix(2000))")
    }

    /// With no labels, the gate measures versions on held-back traffic: a share of the prompts no version is trained
    /// on, sampled by both versions and scored by the run's scorer.
    @Test(.timeLimit(.minutes(8)))
    func withoutLabelsTheGateJudgesOnHeldBackTrafficNoVersionTrainedOn() async throws {
        let rig = try await NightlyRig(name: "heldback")
        defer { rig.stop() }
        let (work, runId, bootstrap, kafka, topics) = (rig.work, rig.runId, rig.bootstrap, rig.kafka, rig.topics)
        let config = try await Self.writeConfiguration(
            in: work, runId: runId, bootstrap: bootstrap, gate: "{held-back: 0.25, held-back-prompts: 16, tolerance: 0.05}")
        var nights = Nights(work: work, config: config)
        let ids = (0..<48).map { "h\($0)" }
        try Self.produce(ids, seed: 21, to: topics.prompts.name, bootstrap: bootstrap, in: work)
        let held = Set(ids.filter { HeldBack(fraction: 0.25).contains($0) })
        #expect(held.count > 4 && held.count < 20, "about a quarter held back: \(held.count)")

        let night = try nights.run()
        let record = try #require(night.record, "\(night.log)")
        #expect(record.promptsTaken == 24)
        #expect(["promoted", "refused"].contains(record.decision ?? ""), "\(night.log)")
        #expect(record.figures["gate.candidateHeldBackScore"] != nil && record.figures["gate.promotedHeldBackScore"] != nil)
        #expect(record.reason?.contains("held-back prompts no version trained on") == true, "\(record.reason ?? "")")

        // No held-back prompt was sampled for training; every other prompt of the window was.
        let sampled = Set(try await KafkaTopicSnapshot.read(
            topics.candidates.name, partitions: topics.candidates.partitions, configuration: kafka
        ).compactMap { try? WireCodec.decode(CandidatesMessage.self, from: $0.value).prompt.id })
        #expect(sampled.isDisjoint(with: held), "trained on held-back prompts: \(sampled.intersection(held).sorted())")
        let prompts = try await KafkaTopicSnapshot.read(
            topics.prompts.name, partitions: topics.prompts.partitions, configuration: kafka)
        let window = prompts.filter { message in
            record.window.contains { $0.partition == Int(message.partition) && ($0.from..<$0.to).contains(message.offset) }
        }.compactMap { try? JSONDecoder().decode(PromptMessage.self, from: Data($0.value)).id }
        #expect(Set(window).subtracting(held) == sampled.intersection(Set(window)))
        #expect(!Set(window).subtracting(held).isEmpty)
    }

    /// - Parameter gate: the gate section; nil: the labeled dev file of the flywheel tests.
    static func writeConfiguration(in work: URL, runId: String, bootstrap: String, gate: String? = nil) async throws -> URL {
        let base = try await Flywheel.base()
        let gate = try gate ?? "{dev-file: \(Flywheel.writeDevFile(in: work).path), task: arithmetic, tolerance: 0.05}"
        let yaml = """
            run: {id: \(runId), blob-store: \(work.appendingPathComponent("blobs").path)}
            kafka: {bootstrap: "\(bootstrap)"}
            model: {base: \(base.path)}
            generator: {samples: 8, max-tokens: 6, temperature: 1}
            scorer: {scorers: verifier}
            coordinator: {checkpoint-dir: \(work.appendingPathComponent("checkpoint").path), updates-per-version: 2, learning-rate: 0.0001}
            lora: {rank: 0}
            gate: \(gate)
            nightly: {max-prompts: 24, report-dir: \(work.appendingPathComponent("reports").path)}
            """
        let file = work.appendingPathComponent("run.yaml")
        try Data(yaml.utf8).write(to: file)
        return file
    }

    /// Prompts `{"id", "task", "text"}` keyed by id, sent with kcat (a producer no one here wrote).
    static func produce(_ ids: [String], seed: UInt64, to topic: String, bootstrap: String, in work: URL) throws {
        let texts = Flywheel.task.prompts(count: ids.count, seed: seed)
        let lines = zip(ids, texts).map { id, prompt in
            id + "\t" + String(decoding: try! JSONSerialization.data(withJSONObject: [
                "id": id, "task": "arithmetic", "text": prompt.text,
            ]), as: UTF8.self)
        }
        let file = work.appendingPathComponent("prompts-\(UUID()).txt")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: file)
        let kcat = Process()
        kcat.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        kcat.arguments = ["kcat", "-P", "-b", bootstrap, "-t", topic, "-K", "\t", "-l", file.path]
        try kcat.run()
        kcat.waitUntilExit()
        #expect(kcat.terminationStatus == 0, "kcat could not produce the prompts")
    }
}

/// A working directory and `tao broker` (one broker, the run's topics) for one test's run.
struct NightlyRig {
    let work: URL
    let runId: String
    let broker: ChildLog
    let bootstrap: String

    init(name: String) async throws {
        work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-\(name)-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        runId = "\(name)-\(UUID().uuidString.prefix(8).lowercased())"
        broker = try ChildLog.tao(["broker", "--brokers", "1", "--run-id", runId], in: work, name: "broker")
        bootstrap = try await broker.waitForLine { $0.hasPrefix("127.0.0.1:") }
    }

    var kafka: KafkaConfiguration { KafkaConfiguration(bootstrapServers: bootstrap) }
    var topics: FleetTopics { FleetTopics(runId: runId) }

    func stop() {
        broker.stop()
        try? FileManager.default.removeItem(at: work)
    }
}

/// `tao nightly` runs against one configuration, each a process.
struct Nights {
    let work: URL
    let config: URL
    private var count = 0

    init(work: URL, config: URL) {
        self.work = work
        self.config = config
    }

    /// Starts `tao nightly` and returns at once.
    mutating func start(_ flags: [String] = []) throws -> ChildLog {
        count += 1
        return try ChildLog.tao(["nightly", "--config", config.path] + flags, in: work, name: "nightly-\(count)")
    }

    /// Runs `tao nightly` to its end: its output, and the night it finished (its last line), if any.
    mutating func run() throws -> (log: String, record: NightRecord?) {
        let child = try start()
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0, "tao nightly failed: \(child.log.suffix(3000))")
        let record = child.lines.last.flatMap { try? WireCodec.decode(NightRecord.self, from: Array($0.utf8)) }
        return (child.log, record)
    }

    mutating func command(_ arguments: [String]) throws -> String {
        count += 1
        let child = try ChildLog.tao(arguments, in: work, name: "command-\(count)")
        child.process.waitUntilExit()
        #expect(child.process.terminationStatus == 0, "\(arguments): \(child.log)")
        return child.log
    }
}

/// What the test reads back from the run's topics.
enum NightlyTopicRecords {
    static func read(_ topics: FleetTopics, _ kafka: KafkaConfiguration) async throws -> [NightRecord] {
        try await KafkaTopicSnapshot.read(topics.nightly.name, configuration: kafka).map {
            try WireCodec.decode(NightRecord.self, from: $0.value)
        }
    }

    static func newestVersion(_ topics: FleetTopics, _ kafka: KafkaConfiguration) async throws -> Int {
        try await KafkaTopicSnapshot.read(topics.policy.name, configuration: kafka).compactMap {
            try? WireCodec.decode(PolicyAnnouncement.self, from: $0.value).version
        }.max() ?? -1
    }
}
