import Testing

@testable import ChatTemplates

/// The public surface other modules code against: what a render passes to the template, literals for `extra`,
/// the order-keeping JSON reader.
@Suite struct ChatTemplateAPITests {
    @Test func contextMatchesWhatTransformersPasses() throws {
        let template = try ChatTemplate(source: """
            {{ bos_token is defined }} {{ eos_token }} {{ tools is none }} {{ documents is none }} \
            {{ add_generation_prompt }} {{ messages[0] }} {{ custom | tojson }}
            """)
        let rendered = try template.render(
            messages: [ChatMessage(role: "user", content: "hi")], addGenerationPrompt: true, bosToken: nil,
            eosToken: "</s>", extra: ["custom": ["b": 1, "a": [true, 1.5, "x", .none]]])
        #expect(rendered == "False </s> True True True {'role': 'user', 'content': 'hi'} {\"b\": 1, \"a\": [true, 1.5, \"x\", null]}")
    }

    @Test func extraOverridesTheDefaults() throws {
        let template = try ChatTemplate(source: "{{ tools | length }}{{ add_generation_prompt }}")
        let rendered = try template.render(
            messages: [], addGenerationPrompt: true, bosToken: nil, eosToken: nil,
            extra: ["tools": [["type": "function"]], "add_generation_prompt": false])
        #expect(rendered == "1False")
    }

    @Test func jsonReaderKeepsKeyOrderAndTypes() throws {
        let value = try TemplateValue(json: #"{"z": 1, "a": [true, null, 2.5, "\u00e9\n"], "m": {}}"#)
        #expect(value == .dict([("z", 1), ("a", [true, .none, 2.5, "é\n"]), ("m", .dict([]))]))
        #expect(throws: ChatTemplateError.self) { try TemplateValue(json: #"{"a": }"#) }
        #expect(throws: ChatTemplateError.self) { try TemplateValue(json: String(repeating: "[", count: 10_000)) }
    }

    @Test func strftimeNowFormatsTheCurrentDate() throws {
        let template = try ChatTemplate(source: "{{ strftime_now('%Y') | int > 2000 }} {{ strftime_now('%d %b %Y') | length }}")
        #expect(try template.render(messages: [], addGenerationPrompt: false, bosToken: nil, eosToken: nil) == "True 11")
    }

    @Test func aTemplateRendersConcurrently() async throws {
        let template = try ChatTemplate(source: "{% for m in messages %}{{ m.role }}:{{ m.content }};{% endfor %}")
        try await withThrowingTaskGroup(of: String.self) { group in
            for index in 0..<8 {
                group.addTask {
                    try template.render(
                        messages: [ChatMessage(role: "user", content: "\(index)")], addGenerationPrompt: false,
                        bosToken: nil, eosToken: nil)
                }
            }
            var outputs: Set<String> = []
            for try await output in group { outputs.insert(output) }
            #expect(outputs == Set((0..<8).map { "user:\($0);" }))
        }
    }
}
