import Foundation
import Testing

@testable import ChatTemplates

/// One Jinja behaviour per case — whitespace control, trim_blocks/lstrip_blocks, loops and scoping, filters,
/// tests, methods, printing of values, runtime errors — each rendered by transformers' own Jinja environment
/// (the `jinjaCases` of Fixtures/chat-templates.json).
@Suite struct JinjaBehaviourTests {
    struct Fixture: Decodable {
        var jinjaCases: [Case]
    }

    struct Case: Decodable {
        var name: String
        var source: String
        var contextJSON: String
        var expected: String?
        var error: String?
        var errorType: String?
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "chat-templates", withExtension: "json", subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url),
            let fixture = try? JSONDecoder().decode(Fixture.self, from: data)
        else { return [] }
        return fixture.jinjaCases
    }()

    @Test func fixtureHasCases() {
        #expect(Self.cases.count > 100)
    }

    @Test(arguments: cases.map(\.name))
    func rendersLikeJinja(_ name: String) throws {
        let testCase = try #require(Self.cases.first { $0.name == name })
        guard case .dict(let pairs) = try TemplateValue(json: testCase.contextJSON) else {
            Issue.record("contextJSON is not an object")
            return
        }
        let context = Dictionary(pairs, uniquingKeysWith: { $1 }).mapValues(Value.init)
        do {
            let template = try ChatTemplate(source: testCase.source)
            let rendered = try template.renderForTesting(context: context)
            if let expected = testCase.expected {
                #expect(rendered.unicodeScalars.elementsEqual(expected.unicodeScalars), "\(PythonText.repr(rendered)) != \(PythonText.repr(expected))")
            } else {
                Issue.record("rendered \(PythonText.repr(rendered)), but Jinja raised \(testCase.errorType ?? "?"): \(testCase.error ?? "")")
            }
        } catch let error as ChatTemplateError {
            guard let expectedError = testCase.error else {
                Issue.record("\(error)")
                return
            }
            // Python's exception types become our kinds; the messages that templates and users see must agree.
            switch testCase.errorType {
            case "TemplateError":
                #expect(error.kind == .raised)
                #expect(error.message == expectedError)
            case "UndefinedError":
                #expect(error.kind == .runtime)
                #expect(error.message.contains(expectedError), "\(error.message)")
            default:
                #expect(error.kind == .runtime)
            }
        }
    }
}
