import Foundation
import Testing

@testable import ChatTemplates

/// Real Hugging Face chat templates rendered by transformers' own `render_jinja_template`
/// (scripts/fixtures/make_chat_template_fixture.py): every (template, conversation, add_generation_prompt) must
/// render byte for byte the same, and where transformers raised, we raise with its message.
@Suite struct TransformersFixtureTests {
    struct Fixture: Decodable {
        var transformers: String
        var jinja2: String
        var templates: [Template]
    }

    struct Template: Decodable {
        var name: String
        var source: String
        var bosToken: String?
        var eosToken: String?
        var cases: [Case]
    }

    struct Case: Decodable {
        var conversation: String
        var messages: [ChatMessage]
        var extraJSON: String
        var addGenerationPrompt: Bool
        var expected: String?
        var error: String?
    }

    static let fixture: Fixture = {
        guard let url = Bundle.module.url(forResource: "chat-templates", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return Fixture(transformers: "missing", jinja2: "missing", templates: []) }
        return fixture
    }()

    static var templateNames: [String] { fixture.templates.map(\.name) }

    @Test func fixtureHasTheTemplatesTheDocsPromise() {
        #expect(Set(Self.templateNames) == [
            "smollm2-135m-instruct", "llama-3-8b-instruct", "llama-3.1-8b-instruct", "qwen2.5-instruct",
            "llama-2-7b-chat", "mistral-7b-instruct-v0.1",
        ])
        #expect(Self.fixture.templates.allSatisfy { $0.cases.count >= 16 })
        #expect(Self.fixture.templates.contains { $0.cases.contains { $0.error != nil } })
    }

    @Test(arguments: templateNames)
    func rendersLikeTransformers(_ name: String) throws {
        let template = try #require(Self.fixture.templates.first { $0.name == name })
        let chatTemplate = try ChatTemplate(source: template.source)
        for testCase in template.cases {
            let label = "\(name) / \(testCase.conversation) / add_generation_prompt=\(testCase.addGenerationPrompt)"
            guard case .dict(let pairs) = try TemplateValue(json: testCase.extraJSON) else {
                Issue.record("\(label): extraJSON is not an object")
                continue
            }
            let extra = Dictionary(pairs, uniquingKeysWith: { $1 })
            do {
                let rendered = try chatTemplate.render(
                    messages: testCase.messages, addGenerationPrompt: testCase.addGenerationPrompt,
                    bosToken: template.bosToken, eosToken: template.eosToken, extra: extra)
                if let expected = testCase.expected {
                    #expect(Array(rendered.unicodeScalars) == Array(expected.unicodeScalars), "\(label)")
                } else {
                    Issue.record("\(label): rendered, but transformers raised \(testCase.error ?? "?")")
                }
            } catch let error as ChatTemplateError {
                if let expectedError = testCase.error {
                    #expect(error.kind == .raised, "\(label)")
                    #expect(error.message == expectedError, "\(label)")
                    #expect(error.description.contains(expectedError), "\(label)")
                } else {
                    Issue.record("\(label): \(error)")
                }
            }
        }
    }
}
