import Fleet
import Foundation
import Kafka
import Messages
import Scoring
import Tasks
import TestSupport
import Testing

/// `tao rescore`'s service on the embedded broker: a slice of a run's candidates, chosen by offsets or by record
/// times, scored again into a new run exactly as the new scorers score them; a second pass writes nothing; a record
/// that cannot be scored is the new run's dead letter, with the reason.
@Suite(.serialized) struct RescoreTests {
    static let scorers = "verifier+0.2*format"

    @Test(.timeLimit(.minutes(3)))
    func anOffsetRangeIsRescoredOnceAndBadRecordsAreDeadLettered() async throws {
        let rig = try await RescoreRig()
        // Partition p holds records p, p+3, p+6, …: offsets 1..<3 of partition 0, 1..<2 of the others.
        let range = RescoreRange.offsets(
            from: try PartitionOffsets(parsing: "1"), to: try PartitionOffsets(parsing: "0:3,2"))
        let expected = rig.records.filter { record in
            let end: Int64 = record.partition == 0 ? 3 : 2
            return (1..<end).contains(record.offset)
        }
        #expect(expected.count == 4)
        let first = try await rig.rescore(range)
        let written = try await rig.rollouts()
        #expect(Set(written.map(\.id)) == Set(expected.filter(\.scorable).compactMap(\.candidates?.id)))
        #expect(first.written == expected.filter { $0.scorable }.count && first.written == written.count)
        #expect(first.read == 4 && first.scanned == 4 && first.skippedExisting == 0)
        try await Self.expectScoredAsTheScorerScores(written)

        // Record 3 (partition 0, offset 1) does not decode; record 4 (partition 1, offset 1) is a task no scorer knows.
        let letters = try await rig.deadLetters()
        #expect(first.deadLettered == 2 && letters.count == 2, "\(letters.map(\.reason))")
        #expect(letters.contains { $0.partition == 0 && $0.offset == 1 && $0.reason.contains("not a JSON object") })
        #expect(letters.contains { $0.partition == 1 && $0.offset == 1 && $0.reason.contains("poetry") })
        #expect(letters.allSatisfy { $0.sourceTopic == rig.source.candidates.name && $0.stage == "rescore" })
        #expect(first.deadLetteredByKind == ["decode": 1, "scoring": 1])

        let second = try await rig.rescore(range)
        #expect(second.written == 0 && second.deadLettered == 0, "\(second)")
        #expect(second.skippedExisting == first.written && second.skippedDeadLettered == 2)
        #expect(try await rig.rollouts().count == written.count, "a second pass writes no rollout twice")
        #expect(try await rig.deadLetters().count == 2, "nor a dead letter")

        // The whole topic: the rest is written, what is there is skipped.
        let whole = try await rig.rescore(.whole)
        #expect(whole.read == rig.records.count && whole.skippedExisting == first.written)
        #expect(try await rig.rollouts().count == rig.records.filter(\.scorable).count)
        let all = try await rig.rollouts()
        #expect(Set(all.map(\.id)).count == all.count, "no rollout id twice")
        try await Self.expectScoredAsTheScorerScores(all)
        // The summary's means are over what this pass wrote: every candidate's total, and each component.
        let firstIDs = Set(written.map(\.id))
        let scores = all.filter { !firstIDs.contains($0.id) }.flatMap(\.scores)
        #expect(whole.written == all.count - first.written && whole.samples == scores.count)
        let mean = scores.map(\.total).reduce(0, +) / Double(scores.count)
        #expect(abs(try #require(whole.meanReward) - mean) < 1e-12)
        #expect(abs(mean - (1 + 0.2 / 1.2 + 0) / 3) < 1e-9, "right, wrong and no answer in every group")
        #expect(abs(try #require(whole.componentMeans["format.wellFormed"]) - 2.0 / 3) < 1e-9)
        #expect(abs(try #require(whole.componentMeans["arithmetic-verifier.correct"]) - 1.0 / 3) < 1e-9)
        await rig.shutdown()
    }

    @Test(.timeLimit(.minutes(3)))
    func aSpanOfRecordTimesIsRescoredByTimestamp() async throws {
        let rig = try await RescoreRig()
        // Record i was written at t0 + i s: [t0 + 5 s, t0 + 9 s) holds records 5, 6, 7, 8.
        let range = RescoreRange.time(from: rig.t0.addingTimeInterval(5), to: rig.t0.addingTimeInterval(9))
        let summary = try await rig.rescore(range)
        #expect(summary.scanned == rig.records.count, "times are read from whole partitions")
        #expect(summary.read == 4 && summary.written == 4 && summary.deadLettered == 0, "\(summary)")
        let written = try await rig.rollouts()
        #expect(Set(written.map(\.id)) == Set(rig.records[5..<9].compactMap(\.candidates?.id)))
        try await Self.expectScoredAsTheScorerScores(written)
        #expect(try await rig.rescore(range).written == 0)
        // The same span in epoch milliseconds and ISO-8601, as the command takes it.
        let from = try RescoreRange.time(parsing: String(Int64(rig.t0.timeIntervalSince1970 * 1000) + 5000))
        #expect(abs(from.timeIntervalSince(rig.t0.addingTimeInterval(5))) < 0.001)
        #expect(try RescoreRange.time(parsing: "2025-06-01T12:00:00Z") == Date(timeIntervalSince1970: 1_748_779_200))
        #expect(try RescoreRange.time(parsing: "2025-06-01T14:00:00.250+02:00") == Date(timeIntervalSince1970: 1_748_779_200.25))
        await rig.shutdown()
    }

    @Test func offsetListsParseOrSayWhatIsAccepted() throws {
        #expect(try PartitionOffsets(parsing: "0:120, 3:40,7") == PartitionOffsets(all: 7, byPartition: [0: 120, 3: 40]))
        for bad in ["", "x", "-1", "0:1,0:2", "1,2", "0:1:2"] {
            #expect(throws: RescoreError.badOffsets(bad)) { try PartitionOffsets(parsing: bad) }
        }
        #expect(throws: RescoreError.badTime("yesterday")) { try RescoreRange.time(parsing: "yesterday") }
        #expect(throws: ScorerConfigError.self) {
            try RescoreService(sourceTopic: "a.candidates", target: FleetTopics(runId: "b"), scorers: "verifier+judge")
        }
    }

    /// Every rollout's scores are the new scorer's own output for its candidates, and name that scorer.
    static func expectScoredAsTheScorerScores(_ rollouts: [RolloutMessage]) async throws {
        for rollout in rollouts {
            let task = try BuiltInTasks.task(named: rollout.candidates.prompt.task)
            let direct = try await ScorerRegistry.standard.makeScorer(config: scorers, for: task).score(
                prompt: TaskPrompt(rollout.candidates.prompt), completions: rollout.candidates.samples.map(\.text))
            #expect(rollout.scorer == scorers)
            #expect(rollout.scores == direct.map { RolloutMessage.Score(total: $0.total, components: $0.components) })
        }
    }
}

/// An embedded broker with a source run's candidates topic (3 partitions, 12 records: record i on partition i % 3
/// at offset i / 3, written at t0 + i s; record 3 is not JSON, record 4 a task no scorer knows) and a target run's
/// rollouts and dead-letter topics.
struct RescoreRig {
    struct Record {
        let partition: Int
        let offset: Int64
        let candidates: CandidatesMessage?
        var scorable: Bool { candidates.map { $0.prompt.task == "arithmetic" } ?? false }
    }

    let kafka: EmbeddedKafka
    let source = FleetTopics(runId: KafkaTestSettings.unique("source"))
    let target = FleetTopics(runId: KafkaTestSettings.unique("target"))
    let t0 = Date(timeIntervalSince1970: 1_750_000_000)
    let records: [Record]

    init() async throws {
        kafka = try await EmbeddedKafka(brokers: 1)
        try await kafka.broker.createTopic(source.candidates.name, partitions: 3)
        try await kafka.broker.createTopic(target.rollouts.name, partitions: 3)
        try await kafka.broker.createTopic(target.deadLetter.name, partitions: 1)
        let producer = try kafka.producer()
        var records: [Record] = []
        for i in 0..<12 {
            let candidates: CandidatesMessage? = i == 3 ? nil : Self.candidates(i, task: i == 4 ? "poetry" : "arithmetic")
            let value = try candidates.map { try WireCodec.encode($0) } ?? Array("{not json".utf8)
            let report = try await producer.send(KafkaProducerMessage(
                topic: source.candidates.name, partition: Int32(i % 3), key: Array("p\(i)".utf8), value: value,
                timestamp: t0.addingTimeInterval(Double(i))))
            #expect(report.offset == Int64(i / 3))
            records.append(Record(partition: i % 3, offset: report.offset, candidates: candidates))
        }
        try await producer.close()
        self.records = records
    }

    /// `a+b=` with a right answer, a wrong one and no answer; versions vary so ids are `p<i>@v<i % 2>`.
    static func candidates(_ i: Int, task: String) -> CandidatesMessage {
        let (a, b) = (i * 7 + 3, i * 5 + 11)
        let prompt = PromptMessage(id: "p\(i)", task: task, text: "\(a)+\(b)=", metadata: ["expression": "\(a)+\(b)"])
        return CandidatesMessage(
            prompt: prompt, policyVersion: i % 2, promptTokens: [1, 2],
            samples: ["\(a + b)\n", "\(a + b + 1)\n", "many"].enumerated().map {
                .init(index: $0.offset, tokens: [5], rolloutLogProbs: [-0.5], text: $0.element, finishReason: "stop")
            })
    }

    func rescore(_ range: RescoreRange) async throws -> RescoreSummary {
        let bus = try KafkaBus.connect(kafka.configuration)
        let service = try RescoreService(
            sourceTopic: source.candidates.name, target: target, scorers: RescoreTests.scorers)
        do {
            let summary = try await service.run(range: range, kafka: kafka.configuration, bus: bus)
            try await bus.close()
            return summary
        } catch {
            try? await bus.close()
            throw error
        }
    }

    func rollouts() async throws -> [RolloutMessage] {
        try await KafkaTopicSnapshot.read(target.rollouts.name, partitions: 3, configuration: kafka.configuration)
            .map { try WireCodec.decode(RolloutMessage.self, from: $0.value) }
    }

    func deadLetters() async throws -> [DeadLetterMessage] {
        try await KafkaTopicSnapshot.read(target.deadLetter.name, configuration: kafka.configuration)
            .map { try WireCodec.decode(DeadLetterMessage.self, from: $0.value) }
    }

    func shutdown() async { await kafka.shutdown() }
}
