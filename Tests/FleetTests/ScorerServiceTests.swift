import Fleet
import Messages
import Testing

@Suite struct ScorerServiceTests {
    let topics = FleetTopics(runId: "t")

    @Test func scoresCandidatesAndDeadLettersWhatItCannotRead() async throws {
        let bus = InMemoryBus()
        let service = ScorerService(topics: topics, scorerConfig: "verifier")
        let prompt = PromptMessage(id: "p1", task: "arithmetic", text: "12+3*4=", metadata: ["expression": "12+3*4"])
        let candidates = CandidatesMessage(
            prompt: prompt, policyVersion: 2, promptTokens: [],
            samples: ["24\n", "60\n", "24"].enumerated().map {
                .init(index: $0.offset, tokens: [], rolloutLogProbs: [], text: $0.element, finishReason: "stop")
            })
        try await bus.publish([
            OutgoingRecord(topic: topics.candidates.name, key: "p1", value: try WireCodec.encode(candidates)),
            OutgoingRecord(topic: topics.candidates.name, key: "junk", value: Array("{not json".utf8)),
            OutgoingRecord(
                topic: topics.candidates.name, key: "p2",
                value: try WireCodec.encode(CandidatesMessage(
                    prompt: PromptMessage(id: "p2", task: "poetry", text: "roses"), policyVersion: 2,
                    promptTokens: [], samples: []))),
        ])
        let running = Task { try await service.run(bus: bus) }
        defer { running.cancel() }
        try await eventually("a rollout and two dead letters") {
            bus.records(of: topics.rollouts.name).count == 1 && bus.records(of: topics.deadLetter.name).count == 2
        }
        let rollout = try WireCodec.decode(RolloutMessage.self, from: bus.records(of: topics.rollouts.name)[0].value)
        #expect(rollout.id == "p1@v2")
        #expect(rollout.scores.map(\.total) == [1, 0, 1])
        let letters = try bus.records(of: topics.deadLetter.name).map {
            try WireCodec.decode(DeadLetterMessage.self, from: $0.value)
        }
        #expect(letters.contains { $0.reason.contains("not a JSON object") && $0.original == .inline(Array("{not json".utf8)) })
        #expect(letters.contains { $0.reason.contains("poetry") })
    }
}
