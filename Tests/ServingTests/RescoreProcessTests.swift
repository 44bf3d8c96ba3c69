import Fleet
import Foundation
import Kafka
import Messages
import TestSupport
import Testing

/// `tao rescore` as a user runs it: a process against a broker, progress on standard error, a JSON summary last;
/// run again over the same range it writes nothing; a scorer configuration it cannot build stops it before it reads.
@Suite(.serialized) struct RescoreProcessTests {
    @Test(.timeLimit(.minutes(3)))
    func theCommandRescoresARangeOnceAndSaysWhatItDid() async throws {
        let (source, target) = (FleetTopics(runId: KafkaTestSettings.unique("src")), KafkaTestSettings.unique("dst"))
        let kafka = try await EmbeddedKafka(
            brokers: 1, topics: [source.candidates.name: 2, "\(target).rollouts": 2, "\(target).dead-letter": 1])
        let producer = try kafka.producer()
        for i in 0..<8 {
            let prompt = PromptMessage(id: "q\(i)", task: "arithmetic", text: "\(i)+\(i)=", metadata: ["expression": "\(i)+\(i)"])
            let candidates = CandidatesMessage(
                prompt: prompt, policyVersion: 3, promptTokens: [1],
                samples: ["\(2 * i)\n", "x"].enumerated().map {
                    .init(index: $0.offset, tokens: [4], rolloutLogProbs: [-1], text: $0.element, finishReason: "stop")
                })
            _ = try await producer.send(KafkaProducerMessage(
                topic: source.candidates.name, partition: Int32(i % 2), key: Array(prompt.id.utf8),
                value: try WireCodec.encode(candidates)))
        }
        try await producer.close()
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("tao-rescore-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let arguments = [
            "rescore", "--kafka-bootstrap", kafka.configuration.bootstrapServers, "--run-id", source.runId,
            "--to-run", target, "--scorers", "verifier+0.2*format", "--from-offset", "1", "--to-offset", "3",
        ]

        // Offsets 1 and 2 of both partitions: records 2…5.
        let first = try Self.run(arguments, in: work, name: "first")
        #expect(first.status == 0, "\(first.log)")
        #expect(first.lines.contains { $0.hasPrefix("tao rescore: 4/4 records (100%)") }, "progress: \(first.log)")
        let summary = try #require(first.summary, "\(first.log)")
        #expect(summary.read == 4 && summary.written == 4 && summary.deadLettered == 0)
        #expect(summary.scorers == "verifier+0.2*format" && summary.targetRun == target)
        #expect(summary.componentMeans["arithmetic-verifier.correct"] == 0.5 && summary.componentMeans["format.wellFormed"] == 0.5)
        #expect(summary.samples == 8 && abs((summary.meanReward ?? -1) - 0.5) < 1e-12)
        let rollouts = try await KafkaTopicSnapshot.read("\(target).rollouts", partitions: 2, configuration: kafka.configuration)
            .map { try WireCodec.decode(RolloutMessage.self, from: $0.value) }
        #expect(Set(rollouts.map(\.id)) == ["q2@v3", "q3@v3", "q4@v3", "q5@v3"])
        #expect(rollouts.allSatisfy { $0.scores.map(\.total) == [1, 0] && $0.scorer == "verifier+0.2*format" })

        let second = try Self.run(arguments, in: work, name: "second")
        #expect(second.status == 0, "\(second.log)")
        #expect(second.summary?.written == 0 && second.summary?.skippedExisting == 4, "\(second.log)")
        #expect(try await KafkaTopicSnapshot.read("\(target).rollouts", partitions: 2, configuration: kafka.configuration).count == 4)

        var bad = arguments
        bad[bad.firstIndex(of: "verifier+0.2*format")!] = "verifier+nonesuch"
        let refused = try Self.run(bad, in: work, name: "refused")
        #expect(refused.status != 0 && refused.log.contains("unknown scorer"), "\(refused.log)")
        bad[bad.firstIndex(of: "verifier+nonesuch")!] = "verifier+judge"
        let noJudge = try Self.run(bad, in: work, name: "no-judge")
        #expect(noJudge.status != 0 && noJudge.log.contains("scorer.judge.model"), "\(noJudge.log)")
        let both = try Self.run(arguments + ["--from", "1750000000000"], in: work, name: "both")
        #expect(both.status != 0 && both.log.contains("not both"), "\(both.log)")
        await kafka.shutdown()
    }

    /// Runs `tao` to its end: exit status, output (stdout and stderr), and the summary (the last line).
    static func run(_ arguments: [String], in work: URL, name: String) throws
        -> (status: Int32, log: String, lines: [String], summary: RescoreSummary?)
    {
        let child = try ChildLog.tao(arguments, in: work, name: name)
        child.process.waitUntilExit()
        let summary = child.lines.last.flatMap { try? JSONDecoder().decode(RescoreSummary.self, from: Data($0.utf8)) }
        return (child.process.terminationStatus, child.log, child.lines, summary)
    }
}
