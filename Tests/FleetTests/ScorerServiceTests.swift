import Fleet
import Messages
import Tasks
import TestSupport
import Testing

@Suite struct ScorerServiceTests {
    @Test func scoresCandidatesAndDeadLettersWhatItCannotRead() async throws {
        let test = TestBus()
        let (bus, topics) = (test.bus, test.topics)
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
                    promptTokens: [],
                    samples: [.init(index: 0, tokens: [], rolloutLogProbs: [], text: "red", finishReason: "stop")]))),
        ])
        let running = Task { try await service.run(bus: bus) }
        defer { running.cancel() }
        try await eventually("a rollout and two dead letters") {
            test.values(topics.rollouts).count == 1 && test.values(topics.deadLetter).count == 2
        }
        let rollout = try WireCodec.decode(RolloutMessage.self, from: test.values(topics.rollouts)[0])
        #expect(rollout.id == "p1@v2")
        #expect(rollout.scores.map(\.total) == [1, 0, 1])
        let letters = try test.values(topics.deadLetter).map { try WireCodec.decode(DeadLetterMessage.self, from: $0) }
        #expect(letters.contains { $0.reason.contains("not a JSON object") && $0.original == .inline(Array("{not json".utf8)) })
        #expect(letters.contains { $0.reason.contains("poetry") })
    }
}

/// A stage's account of what it did is typed: metrics come from it, not from decoding what the stage wrote.
@Suite struct StageResultTests {
    @Test func theScorerReportsItsRewardsAndEveryDeadLetterHasAKind() async throws {
        let test = TestBus()
        let service = ScorerService(topics: test.topics, scorerConfig: "verifier")
        let prompt = PromptMessage(id: "p1", task: "arithmetic", text: "1+2=", metadata: ["expression": "1+2"])
        let candidates = CandidatesMessage(
            prompt: prompt, policyVersion: 0, promptTokens: [],
            samples: ["3", "4"].enumerated().map {
                .init(index: $0.offset, tokens: [], rolloutLogProbs: [], text: $0.element, finishReason: "stop")
            })
        let result = try await service.handle(
            BusRecord(topic: test.topics.candidates.name, partition: 0, offset: 0, key: nil, value: try WireCodec.encode(candidates)))
        #expect(result.rewards == [1, 0] && result.records.count == 1 && result.samples == 0)

        #expect(DeadLetterCause(WireError.notJSON(expected: "x", detail: "")).kind == .decode)
        #expect(DeadLetterCause(WireError.wrongSchema(expected: "a", found: "b")).kind == .schema)
        #expect(DeadLetterCause(TaskLookupError.unknownTask("poetry", known: [])).kind == .scoring)
        #expect(DeadLetterCause(UnusableRecord("rollout", "bad")).kind == .invalid)
        #expect(Set(DeadLetterCause.Kind.allCases.map(\.rawValue)) == ["decode", "schema", "invalid", "scoring", "too-large", "policy", "signature"])
        #expect(DeadLetterCause(SignatureError.unsigned(version: 3)).kind == .signature)
    }
}

/// A chat prompt keeps its messages from the wire to the scorer, so the reply is read by the task's reply rule: an
/// instruct model's "12 + 3 * 4 = 24." is the answer 24, not a malformed first line.
@Suite struct ChatScoringThroughTheServiceTests {
    @Test func theScorerReadsAChatReplyByItsLastNumber() async throws {
        let test = TestBus()
        let service = ScorerService(topics: test.topics, scorerConfig: "verifier")
        let prompt = PromptMessage(
            id: "c1", task: "arithmetic", text: "12+3*4=", messages: [.init(role: "user", content: "What is 12 + 3 * 4?")],
            metadata: ["expression": "12+3*4"])
        #expect(TaskPrompt(prompt).messages?.first?.content == "What is 12 + 3 * 4?")
        #expect(PromptMessage(TaskPrompt(prompt)) == prompt)
        let candidates = CandidatesMessage(
            prompt: prompt, policyVersion: 0, promptTokens: [],
            samples: ["12 + 3 * 4 = 24.", "The answer is\n60", "24"].enumerated().map {
                .init(index: $0.offset, tokens: [], rolloutLogProbs: [], text: $0.element, finishReason: "eos")
            })
        let result = try await service.handle(
            BusRecord(topic: test.topics.candidates.name, partition: 0, offset: 0, key: nil, value: try WireCodec.encode(candidates)))
        #expect(result.rewards == [1, 0, 1])
    }
}
