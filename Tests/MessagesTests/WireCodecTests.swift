import Foundation
import Messages
import Testing

@Suite struct WireCodecTests {
    let prompt = PromptMessage(id: "q-7", task: "arithmetic", text: "12+345*6=", metadata: ["source": "prod"])

    var candidates: CandidatesMessage {
        CandidatesMessage(
            prompt: prompt, policyVersion: 3, promptTokens: [49, 50, 43],
            samples: [
                .init(index: 0, tokens: [50, 48, 10], rolloutLogProbs: [-0.1, -2.5, -0.012345679],
                      text: "2082\n", finishReason: "stop"),
                .init(index: 1, tokens: [55], rolloutLogProbs: [-7.25], text: "7", finishReason: "length"),
            ])
    }

    @Test func everyMessageRoundTripsAndCarriesItsSchema() throws {
        let rollout = RolloutMessage(
            candidates: candidates, scores: [.init(total: 1, components: ["verifier": 1]), .init(total: 0)],
            scorer: "verifier")
        let update = UpdateMessage(
            id: "u-1", baseVersion: 3, kind: .loraGradients, payload: .inline([0, 1, 255]), rolloutIDs: [rollout.id],
            stats: ["loss": 0.5])
        let policy = PolicyAnnouncement(
            version: 4, checksum: String(repeating: "a", count: 64), size: 1024,
            weights: .blob(sha256: String(repeating: "a", count: 64), size: 1024), format: "safetensors",
            appliedUpdates: 2, config: "{}", tokenizer: .inline([1]))
        let dead = DeadLetterMessage(
            stage: "scorer", sourceTopic: "run.candidates", partition: 2, offset: 17, reason: "bad", original: [1, 2],
            originalSHA256: String(repeating: "b", count: 64))

        try roundTrip(prompt)
        try roundTrip(candidates)
        try roundTrip(rollout)
        try roundTrip(update)
        try roundTrip(policy)
        try roundTrip(dead)
        let json = String(decoding: try WireCodec.encode(candidates), as: UTF8.self)
        #expect(json.contains(#""schema":"tao.candidates/1""#))
    }

    @Test func idsAreDeterministic() {
        #expect(candidates.id == "q-7@v3")
        #expect(CandidatesMessage.id(promptID: "q-7", policyVersion: 3) == candidates.id)
        #expect(try! WireCodec.encode(candidates) == (try! WireCodec.encode(candidates)))
    }

    /// Prompts come from anyone (kcat, other programs): no schema field, no metadata is fine.
    @Test func handWrittenPromptsDecode() throws {
        let bytes = Array(#"{"id":"p1","task":"sql","text":"Q: number of orders\nSQL: "}"#.utf8)
        let decoded = try WireCodec.decode(PromptMessage.self, from: bytes, acceptMissingSchema: true)
        #expect(decoded == PromptMessage(id: "p1", task: "sql", text: "Q: number of orders\nSQL: "))
        #expect(throws: WireError.missingSchema(expected: "tao.prompt/1")) {
            try WireCodec.decode(PromptMessage.self, from: bytes)
        }
    }

    @Test func badBytesSayWhatIsWrong() throws {
        #expect(throws: WireError.malformed(schema: "tao.prompt/1", detail: "the required field 'task' is missing at the top level")) {
            try WireCodec.decode(PromptMessage.self, from: Array(#"{"id":"p1","text":"x"}"#.utf8), acceptMissingSchema: true)
        }
        #expect(throws: WireError.wrongSchema(expected: "tao.rollout/1", found: "tao.candidates/1")) {
            try WireCodec.decode(RolloutMessage.self, from: WireCodec.encode(candidates))
        }
        let error = #expect(throws: WireError.self) {
            try WireCodec.decode(PromptMessage.self, from: Array("not json".utf8))
        }
        #expect(error?.description.contains("not a JSON object") == true)
        #expect(throws: WireError.self) {
            try WireCodec.decode(
                UpdateMessage.self,
                from: Array(#"{"schema":"tao.update/1","id":"u","baseVersion":1,"kind":"lora-gradients","payload":{"inline":"%%%"},"rolloutIDs":[],"stats":{}}"#.utf8))
        }
    }

    /// A dead letter must fit in one broker message whatever it carries: a ~730 kB original (base64 ~1 MB, over the
    /// usual 1 MB limit) is cut to `originalLimit` bytes, with its whole size and hash kept.
    @Test func deadLettersOfLargeRecordsKeepSizeAndHashAndFitOneMessage() throws {
        let original = (0..<730_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let hash = String(repeating: "c", count: 64)
        let letter = DeadLetterMessage(
            stage: "trainer", sourceTopic: "t.rollouts", partition: 0, offset: 9,
            reason: String(repeating: "x", count: 10_000), original: original, originalSHA256: hash)
        let encoded = try WireCodec.encode(letter)
        #expect(encoded.count < 400_000, "\(encoded.count) bytes")
        let decoded = try WireCodec.decode(DeadLetterMessage.self, from: encoded)
        #expect(decoded.truncated == true)
        #expect(decoded.originalSize == original.count)
        #expect(decoded.originalSHA256 == hash)
        #expect(decoded.original == .inline(Array(original.prefix(DeadLetterMessage.originalLimit))))
        #expect(decoded.reason.count < 4200 && decoded.reason.hasSuffix("(10000 characters in all)"))

        let small = DeadLetterMessage(
            stage: "scorer", sourceTopic: "t.candidates", partition: 1, offset: 2, reason: "bad", original: [7, 8],
            originalSHA256: hash)
        #expect(small.truncated == false && small.original == .inline([7, 8]) && small.originalSize == 2)
    }

    @Test func rolloutIDsCarryTheirSamplingVersion() {
        #expect(RolloutID.policyVersion(of: RolloutID.make(promptID: "a@v1-b", policyVersion: 12)) == 12)
        for bad in ["p", "p@v", "@v3", "p@v-3", "p@vx", "p@v٣", "p@v3 "] {
            #expect(RolloutID.policyVersion(of: bad) == nil, "\(bad)")
            #expect(RolloutID.promptID(of: bad) == nil, "\(bad)")
        }
        #expect(RolloutID.promptID(of: RolloutID.make(promptID: "a@v1-b#2", policyVersion: 12)) == "a@v1-b#2")
    }

    private func roundTrip<M: WireMessage & Equatable>(_ message: M) throws {
        let decoded = try WireCodec.decode(M.self, from: WireCodec.encode(message))
        #expect(decoded == message)
    }
}
