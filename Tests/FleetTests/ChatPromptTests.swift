import Blobs
import Blocking
import ChatTemplates
@testable import Fleet
import Llama
import Messages
import Testing

/// Chat prompts on the prompts topic: rendered with the policy's chat template (carried in its announcement),
/// replies ending at the template's end-of-turn token; a policy with no template dead-letters them.
@Suite struct ChatPromptTests {
    /// A byte-level chat template whose turns end with `<|eos|>`.
    static let template = """
        {% for m in messages %}<|bos|>{{ m['role'] }}: {{ m['content'] }}<|eos|>{% endfor %}\
        {% if add_generation_prompt %}<|bos|>assistant: {% endif %}
        """

    static func policy(template: String?) throws -> LoadedPolicy {
        let base = try TinyPolicy.base()
        return LoadedPolicy(
            version: 0, model: base.model, tokenizer: base.tokenizer, tokenizerJSON: base.tokenizerJSON,
            tokenizerConfig: TokenizerConfig(bosToken: "<|bos|>", eosToken: "<|eos|>", chatTemplate: template))
    }

    static func generator(_ policy: LoadedPolicy) -> GeneratorService {
        let service = GeneratorService(
            topics: FleetTopics(runId: "chat"),
            settings: GeneratorSettings(
                samplesPerPrompt: 3, sampling: SamplingParameters(temperature: 1, maxNewTokens: 8, seed: 2), maxLag: 4,
                templates: ["toy": "NOT USED FOR CHATS {text}"]),
            store: InMemoryBlobStore())
        service.holder.install(GeneratorEngine(policy: policy), version: 0)
        return service
    }

    static func record(_ prompt: PromptMessage) throws -> BusRecord {
        BusRecord(topic: "chat.prompts", partition: 0, offset: 0, key: Array(prompt.id.utf8),
                  value: try WireCodec.encode(prompt))
    }

    @Test func aChatIsRenderedWithThePolicysTemplateAndNoTaskTemplate() async throws {
        let policy = try Self.policy(template: Self.template)
        let prompt = PromptMessage(
            id: "c1", task: "arithmetic", text: "", messages: [.init(role: "user", content: "hi there")])
        let result = try await Self.generator(policy).handle(try Self.record(prompt))
        let candidates = try WireCodec.decode(CandidatesMessage.self, from: result.records[0].value)
        let expected = ByteTokenizer().encode("<|bos|>user: hi there<|eos|><|bos|>assistant: ")
        #expect(candidates.promptTokens == expected)
        #expect(candidates.prompt.messages == prompt.messages)
        #expect(candidates.samples.count == 3)
    }

    @Test func theTemplatesEndOfTurnTokenEndsAReply() throws {
        let engine = GeneratorEngine(policy: try Self.policy(template: Self.template))
        #expect(engine.endOfTurn == [257])
    }

    @Test func aPolicyWithoutATemplateRefusesChatsWithAReason() async throws {
        let prompt = PromptMessage(id: "c2", task: "arithmetic", text: "", messages: [.init(role: "user", content: "hi")])
        await #expect(throws: ChatFormatError.noTemplate) {
            _ = try await Self.generator(try Self.policy(template: nil)).handle(try Self.record(prompt))
        }
    }

    @Test func theTemplateTravelsWithThePolicyVersion() async throws {
        let store = InMemoryBlobStore()
        let worker = BlockingWorker(label: "chat.test")
        let policy = try Self.policy(template: Self.template)
        let announcement = try await PolicyCodec.publish(policy, version: 0, appliedUpdates: 0, store: store, worker: worker)
        let loaded = try await PolicyCodec.load(announcement, store: store, worker: worker)
        #expect(loaded.tokenizerConfig == policy.tokenizerConfig)
    }

    @Test func promptsDecodeWithMessagesAndTextDefaultsToTheLastUserTurn() throws {
        let json = #"{"id":"c3","task":"chat","messages":[{"role":"system","content":"be brief"},"#
            + #"{"role":"user","content":"2+2?"}]}"#
        let prompt = try WireCodec.decode(PromptMessage.self, from: Array(json.utf8), acceptMissingSchema: true)
        #expect(prompt.text == "2+2?")
        #expect(prompt.messages?.count == 2)
        let empty = #"{"id":"c4","task":"chat","messages":[]}"#
        #expect(throws: (any Error).self) {
            try WireCodec.decode(PromptMessage.self, from: Array(empty.utf8), acceptMissingSchema: true)
        }
    }

    @Test func aPromptForATaskNoScorerKnowsIsRefusedBeforeSampling() async throws {
        let generator = Self.generator(try Self.policy(template: Self.template))
        let prompt = PromptMessage(id: "c3", task: "poetry", text: "roses are", messages: nil)
        await #expect {
            _ = try await generator.handle(try Self.record(prompt))
        } throws: { error in
            DeadLetterCause(error).kind == .scoring && "\(error)".contains("poetry") && "\(error)".contains("arithmetic")
        }
        #expect(generator.generatedTokens == 0, "nothing was sampled for it")
    }
}
