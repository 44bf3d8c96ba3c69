import Fleet
import Foundation
import Kafka
import Logging
import Messages
import Promotion
import RunConfiguration

/// One `tao nightly`: takes the prompts that arrived since the last night, runs TAO on them within the budget in
/// this process, judges the newest version, writes the report, and records the night.
///
/// Why it is safe to run twice, or again after a crash halfway:
/// - what was generated is the generators' group's committed offsets, which only move past prompts this night
///   handled (``NightlyBus``); the next night starts there, so nothing is skipped;
/// - the night's window is written (`started`) before anything is trained; a night that never wrote `finished` is
///   run again with the same window, from where its generators got to;
/// - what was applied is the coordinator's checkpoint (applied rollout ids): a redelivered candidate, rollout or
///   update is recognised and dropped, so nothing is trained twice;
/// - the gate judges each version once (the promotion record is its memory), and the report is rewritten whole.
public struct NightlyRun: Sendable {
    public let run: RunConfiguration
    public let kafka: KafkaConfiguration
    let logger: Logger

    public init(run: RunConfiguration, kafka: KafkaConfiguration) {
        self.run = run
        self.kafka = kafka
        logger = Logger(label: "tao.nightly")
    }

    public enum Outcome: Sendable {
        /// Nothing ran: fewer than `nightly.min-prompts` arrived since the last night.
        case nothingNew(available: Int, lastNight: Int?)
        /// The night ran; its `finished` record and its report.
        case finished(NightRecord, report: URL)
    }

    var topics: FleetTopics { run.settings.shared.topics }

    /// Runs one night; `say` hears what it is doing, a line at a time.
    public func once(say: @escaping @Sendable (String) -> Void = { _ in }) async throws -> Outcome {
        let bus = try KafkaBus.connect(kafka, consumerTemplate: Self.consumerTemplate)
        defer { Task { try? await bus.close() } }
        let partitions = try await partitionCounts(bus)
        let records = try await NightlyTopic.records(topics: topics, kafka: kafka, onError: say)
        let generators = try await KafkaGroupOffsets.read(
            group: "\(topics.runId).generators", topic: topics.prompts.name, partitions: partitions.prompts,
            configuration: kafka)
        let positions = generators.map {
            NightPlan.Partition(
                partition: Int($0.partition.partition), next: $0.highWatermark - $0.lag, highWatermark: $0.highWatermark)
        }
        let plan: NightPlan
        switch NightPlan.make(
            records: records, partitions: positions, maxPrompts: run.nightly.maxPrompts, minPrompts: run.nightly.minPrompts)
        {
        case .nothingNew(let available, let lastNight):
            return .nothingNew(available: available, lastNight: lastNight)
        case .run(let planned):
            plan = planned
        }
        let startedAt = Int(Date().timeIntervalSince1970)
        let versionBefore = try CheckpointStore(directory: checkpointDirectory).load()?.version
        let started = NightRecord(
            night: plan.night, status: .started, attempt: plan.attempt, window: plan.window,
            versionBefore: versionBefore, startedAt: startedAt)
        try await NightlyTopic.publish(started, topics: topics, kafka: kafka)
        say(
            plan.attempt == 1
                ? "night \(plan.night): taking \(plan.remaining) prompts"
                : "night \(plan.night): resuming (attempt \(plan.attempt)); \(plan.remaining) of its \(started.windowCount) prompts left")

        let stages = try NightStages(run: run, kafka: kafka)
        // Flow control: a prompt is taken only while fewer than the limit are sampled and not yet trained on (a
        // held-back or dead-lettered prompt, or a dead-lettered candidate group, never will be), so candidates come
        // from a recent policy.
        let limit = run.nightly.promptsInFlight ?? run.settings.coordinator.updatesPerVersion
        let (promptsTopic, rolloutsTopic) = (topics.prompts.name, topics.rollouts.name)
        let night = NightlyBus(
            bus, promptsTopic: promptsTopic,
            windowEnd: Dictionary(uniqueKeysWithValues: plan.window.map { ($0.partition, $0.to) }),
            mayTake: { bus in
                let sampled = bus.finishedRecords(promptsTopic)
                let settled = bus.finishedRecords(rolloutsTopic) + stages.ended(at: "generator") + stages.ended(at: "scorer")
                return sampled - settled < limit
            })
        stages.start(bus: night, logger: logger)
        let taken: [NightRecord.Range]
        do {
            let next = Dictionary(uniqueKeysWithValues: positions.map { ($0.partition, $0.next) })
            taken = try await takePrompts(plan, next: next, bus: night, stages: stages, say: say)
            try await drain(night, partitions: partitions, stages: stages, say: say)
        } catch {
            await stages.stop()
            await night.closeAll()
            throw error
        }
        await stages.stop()
        await night.closeAll()
        let counts = stages.coordinator.statistics
        let versionAfter = try CheckpointStore(directory: checkpointDirectory).load()?.version
        say("night \(plan.night): stages stopped at v\(versionAfter.map(String.init) ?? "?"); judging")

        var finished = started
        finished.status = .finished
        finished.window = taken
        finished.promptsTaken = stages.promptsHandled
        finished.versionAfter = versionAfter
        finished.figures = [
            "updatesApplied": Double(counts.applied), "updatesStale": Double(counts.stale + stages.trainer.staleDropped),
            "updatesDuplicate": Double(counts.duplicates), "deadLettered": Double(stages.deadLettered),
            "versionsCommitted": Double(counts.versions),
        ]
        try await judge(&finished, say: say)
        finished.finishedAt = Int(Date().timeIntervalSince1970)
        let history = try await RunHistory.read(
            topics: topics, kafka: kafka, rolloutPartitions: partitions.rollouts, promptPartitions: partitions.prompts,
            onError: say)
        var withThisNight = history
        withThisNight.nights.append(finished)
        let directory = URL(fileURLWithPath: run.nightly.reportDir, isDirectory: true)
            .appendingPathComponent("night-\(plan.night)", isDirectory: true)
        let report = try RunReport(history: withThisNight, night: finished).write(to: directory)
        try await NightlyTopic.publish(finished, topics: topics, kafka: kafka)
        return .finished(finished, report: report)
    }

    var checkpointDirectory: URL {
        URL(fileURLWithPath: run.settings.coordinator.checkpointDir, isDirectory: true)
    }

    /// Hands the generators the window until they have taken all of it, or the time budget is spent; returns the
    /// window as taken (its ends where the generators stopped).
    func takePrompts(
        _ plan: NightPlan, next: [Int: Int64], bus: NightlyBus, stages: NightStages, say: @Sendable (String) -> Void
    ) async throws -> [NightRecord.Range] {
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(run.nightly.maxSeconds)
        var nextReport = clock.now + .seconds(10)
        func reached(_ range: NightRecord.Range) -> Int64 {
            let done = bus.processedThrough(topics.prompts.name, partition: range.partition).map { $0 + 1 }
            return min(range.to, max(next[range.partition] ?? range.from, done ?? range.from, range.from))
        }
        while plan.window.contains(where: { reached($0) < $0.to }) {
            try stages.check()
            if clock.now >= deadline {
                bus.closeWindow()
                say("night \(plan.night): the time budget (nightly.max-seconds \(run.nightly.maxSeconds)) is spent; taking no more prompts")
                break
            }
            if clock.now >= nextReport {
                nextReport = clock.now + .seconds(10)
                let done = plan.window.reduce(0) { $0 + reached($1) - $1.from }
                say("night \(plan.night): \(done) of \(plan.window.reduce(0) { $0 + $1.count }) prompts taken, v\(stages.coordinator.currentVersion.map(String.init) ?? "?")")
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        bus.closeWindow()
        try await waitUntil("the generator finishes its last prompt", within: .seconds(run.nightly.drainSeconds), stages: stages) {
            !bus.holds(topic: topics.prompts.name)
        }
        return plan.window.map { NightRecord.Range(partition: $0.partition, from: $0.from, to: reached($0)) }
    }

    /// Waits until the scorers, trainers and coordinator have processed everything on their input topics (within
    /// `nightly.drain-seconds`; what is left is picked up by the next night).
    func drain(
        _ bus: NightlyBus, partitions: PartitionCounts, stages: NightStages, say: @escaping @Sendable (String) -> Void
    ) async throws {
        let inputs = [
            ("scorers", topics.candidates.name, partitions.candidates),
            ("trainers", topics.rollouts.name, partitions.rollouts),
            ("coordinator", topics.updates.name, 1),
        ]
        let clock = ContinuousClock()
        let deadline = clock.now + .seconds(run.nightly.drainSeconds)
        while true {
            try stages.check()
            var behind: [String] = []
            // In pipeline order: once a stage has processed all of its input, what it produced is on the next topic.
            for (group, topic, count) in inputs {
                let offsets = try await KafkaGroupOffsets.read(
                    group: "\(topics.runId).\(group)", topic: topic, partitions: count, configuration: kafka)
                let left = offsets.reduce(Int64(0)) { total, partition in
                    // Committed (or the earliest record) when this process has handled nothing there.
                    let start = partition.highWatermark - partition.lag
                    let done = bus.processedThrough(topic, partition: Int(partition.partition.partition)).map { $0 + 1 }
                    return total + max(0, partition.highWatermark - max(start, done ?? start))
                }
                if left > 0 || bus.holds(topic: topic) { behind.append("\(group) \(left)") }
            }
            if behind.isEmpty { return }
            if clock.now >= deadline {
                say("drain: nightly.drain-seconds (\(run.nightly.drainSeconds)) spent with work left (\(behind.joined(separator: ", "))); the next night carries it on")
                return
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    /// The gate's decision on the newest version, into `night`: with `gate.dev-file` (or, label-free,
    /// `gate.held-back`) the gate judges it, and the base first when nothing is promoted yet; with neither, versions
    /// stay candidates for an operator.
    func judge(_ night: inout NightRecord, say: @escaping @Sendable (String) -> Void) async throws {
        guard run.gate.devFile != nil || run.settings.generator.heldBack > 0 else {
            night.decision = "none"
            night.reason = "no gate.dev-file and no gate.held-back: versions stay candidates; promote one with tao promote"
            return
        }
        let gate = try GateService(run: run, kafka: kafka)
        let written = try await gate.judgeNewest(onError: say)
        for record in written { say("gate: v\(record.version) \(record.decision.rawValue): \(record.reason)") }
        let ledger = try await PromotionTopic.ledger(topics: topics, kafka: kafka)
        night.promoted = ledger.promoted
        // Already decided: by a run of this night cut short after judging, or by an operator. Its record says what.
        guard let last = written.last ?? ledger.history.last(where: { $0.version == night.versionAfter }) else {
            night.decision = "none"
            night.reason = "nothing new to judge"
            return
        }
        night.decision = last.decision.rawValue
        night.reason = last.reason
        for (name, value) in last.figures { night.figures["gate." + name] = value }
    }

    func waitUntil(
        _ what: String, within limit: Duration, stages: NightStages, _ condition: () -> Bool
    ) async throws {
        let clock = ContinuousClock()
        let deadline = clock.now + limit
        while !condition() {
            try stages.check()
            guard clock.now < deadline else { throw NightlyError.timedOut(what) }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    struct PartitionCounts {
        var prompts: Int
        var candidates: Int
        var rollouts: Int
    }

    /// The work topics' partition counts as the cluster has them (they may differ from the defaults).
    func partitionCounts(_ bus: any MessageBus) async throws -> PartitionCounts {
        func count(_ topic: FleetTopics.Topic) async throws -> Int {
            guard let count = try await bus.partitionCount(of: topic.name) else { throw NightlyError.missingTopic(topic.name) }
            return count
        }
        guard try await bus.partitionCount(of: topics.nightly.name) != nil else {
            throw NightlyError.missingTopic(topics.nightly.name)
        }
        return PartitionCounts(
            prompts: try await count(topics.prompts), candidates: try await count(topics.candidates),
            rollouts: try await count(topics.rollouts))
    }

    /// Consumers that join quickly: a night's stages join their groups afresh each night.
    static let consumerTemplate = KafkaConsumerConfiguration(
        groupId: "", topics: [], sessionTimeout: .seconds(6), heartbeatInterval: .seconds(1),
        fetchWaitMax: .milliseconds(100), autoCommitInterval: .seconds(1), pollTimeout: .milliseconds(50))
}

public enum NightlyError: Error, CustomStringConvertible {
    case missingTopic(String)
    case timedOut(String)

    public var description: String {
        switch self {
        case .missingTopic(let topic):
            "topic \(topic) does not exist: create the run's topics first (docs/topics.md; tao broker creates them)"
        case .timedOut(let what):
            "timed out waiting until \(what) (nightly.drain-seconds); the night stays started and the next tao nightly resumes it"
        }
    }
}
