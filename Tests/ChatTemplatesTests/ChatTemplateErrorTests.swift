import Testing

@testable import ChatTemplates

/// Templates that must fail — malformed, outside the subset, refusing a conversation, or hostile — fail with a
/// `ChatTemplateError` that names the problem and its line:column, and never crash.
@Suite struct ChatTemplateErrorTests {
    private func parseError(_ source: String) -> ChatTemplateError? {
        do {
            _ = try ChatTemplate(source: source)
            return nil
        } catch let error as ChatTemplateError {
            return error
        } catch {
            return nil
        }
    }

    private func renderError(_ source: String, messages: [ChatMessage] = []) -> ChatTemplateError? {
        do {
            let template = try ChatTemplate(source: source)
            _ = try template.render(messages: messages, addGenerationPrompt: false, bosToken: nil, eosToken: nil)
            return nil
        } catch let error as ChatTemplateError {
            return error
        } catch {
            return nil
        }
    }

    @Test func unsupportedTagIsNamedWithItsLocation() throws {
        let error = try #require(parseError("line one\n  {% call foo() %}x{% endcall %}"))
        #expect(error.kind == .unsupported)
        #expect(error.location == SourceLocation(line: 2, column: 6))
        #expect(error.message.contains("'{% call %}'"))
        #expect(error.description.contains("2:6"))
        #expect(error.description.contains("--chat-format"))
    }

    @Test func unknownFilterIsRefusedAtParseTimeEvenInAnUntakenBranch() throws {
        let error = try #require(parseError("{% if false %}\n{{ x | frobnicate(1) }}{% endif %}"))
        #expect(error.kind == .unsupported)
        #expect(error.message == "no filter named 'frobnicate'")
        #expect(error.location == SourceLocation(line: 2, column: 8))
        let known = try #require(parseError("{{ x | wordwrap }}"))
        #expect(known.message == "the 'wordwrap' filter is not supported")
    }

    @Test func unknownTestIsRefused() throws {
        let error = try #require(parseError("{{ x is prime }}"))
        #expect(error.kind == .unsupported)
        #expect(error.message == "no test named 'prime'")
        #expect(error.location == SourceLocation(line: 1, column: 6))
    }

    @Test func unsupportedMethodFailsWhenCalled() throws {
        let error = try #require(renderError("{{ 'a'.zfill(3) }}"))
        #expect(error.kind == .unsupported)
        #expect(error.message.contains("zfill"))
    }

    @Test func mutatingMethodsAreRefusedLikeTheSandbox() throws {
        let error = try #require(renderError("{% set xs = [1] %}{{ xs.append(2) }}"))
        #expect(error.kind == .runtime)
        #expect(error.message.contains("SecurityError"))
    }

    @Test func raiseExceptionCarriesTheTemplatesMessageAndLocation() throws {
        let error = try #require(renderError("ok\n{{ raise_exception('Only user and assistant roles are supported!') }}"))
        #expect(error.kind == .raised)
        #expect(error.message == "Only user and assistant roles are supported!")
        #expect(error.location.line == 2)
        #expect(error.description.contains("Only user and assistant roles are supported!"))
    }

    /// Malformed input of every kind: unclosed tags, unbalanced blocks, bad tokens. Each is a syntax error with a
    /// location inside the source, never a crash or a rendered prompt.
    @Test(arguments: [
        ("{{ x", "never closed"),
        ("{% if x %}", "never closed"),
        ("{% for x in y %}{% if x %}{% endfor %}", "innermost open block is 'if'"),
        ("{% endif %}", "no block is open"),
        ("{% if x %}{% else %}{% else %}{% endif %}", "unexpected '{% else %}'"),
        ("{# never closed", "missing end of comment"),
        ("{% raw %}x", "missing end of raw"),
        ("{{ 'abc }}", "unterminated string"),
        ("{{ (1 + 2 }}", "expects ')'"),
        ("{{ (1 + 2", "never closed"),
        ("{{ [1, 2) }}", "expects ']'"),
        ("{{ 1 + }}", "where an expression should start"),
        ("{{ a b }}", "expected '}}'"),
        ("{{ @ }}", "unexpected character"),
        ("{% frobnicate %}", "unknown tag 'frobnicate'"),
        ("{% %}", "expected a tag name"),
        ("{% for in y %}{% endfor %}", "expected 'in'"),
        ("{% for 1 in y %}{% endfor %}", "expected a name"),
        ("{% set = 1 %}", "expected a name"),
        ("{% break %}", "outside a for loop"),
        ("{{ 99999999999999999999 }}", "too large"),
        ("{{ x[] }}", "empty subscript"),
        ("{{ f(a=1, 2) }}", "positional argument after a keyword"),
        ("}} %} {{", "never closed"),
    ])
    func malformedTemplatesAreSyntaxErrors(_ source: String, _ expected: String) throws {
        let error = try #require(parseError(source), "\(source) parsed")
        #expect(error.kind == .syntax, "\(source): \(error)")
        #expect(error.message.contains(expected), "\(source): \(error.message)")
        #expect(error.location.line >= 1 && error.location.column >= 1)
    }

    @Test func syntaxErrorsPointAtTheLineAndColumn() throws {
        let error = try #require(parseError("a\nb\n   {{ 1 +* 2 }}"))
        #expect(error.location == SourceLocation(line: 3, column: 10))
    }

    /// Every prefix of a real template is either a template or an error — never a crash.
    @Test func everyPrefixOfARealTemplateParsesOrFails() {
        let source = """
            {%- if messages[0]['role'] == 'system' %}{%- set system_message = messages[0]['content']|trim %}\
            {%- set messages = messages[1:] %}{%- else %}{%- set system_message = "" %}{%- endif %}
            {{- bos_token }}{% for m in messages if m.role != 'x' %}{{ '<|' ~ m['role'] ~ '|>\\n' + m.content | trim }}\
            {# note #}{% if loop.last and add_generation_prompt %}{{ "<|assistant|>" }}{% endif %}{% endfor %}
            """
        let scalars = Array(source.unicodeScalars)
        for end in 0...scalars.count {
            let prefix = PythonText.string(scalars[..<end])
            do {
                let template = try ChatTemplate(source: prefix)
                _ = try template.render(
                    messages: [ChatMessage(role: "user", content: "hi")], addGenerationPrompt: true, bosToken: "<s>",
                    eosToken: nil)
            } catch is ChatTemplateError {
                continue
            } catch {
                Issue.record("prefix \(end) threw \(error)")
            }
        }
    }

    @Test func deepNestingIsRefused() throws {
        let parentheses = String(repeating: "(", count: 500) + "1" + String(repeating: ")", count: 500)
        let error = try #require(parseError("{{ \(parentheses) }}"))
        #expect(error.message.contains("nests deeper"))
        let blocks = String(repeating: "{% if true %}", count: 500) + String(repeating: "{% endif %}", count: 500)
        #expect(parseError(blocks)?.message.contains("nests deeper") == true)
    }

    @Test func runawayLoopsAndOutputAreRefused() throws {
        var limits = Renderer.Limits()
        limits.maxIterations = 1000
        limits.maxOutput = 100
        let nested = try ChatTemplate(source: "{% for a in range(40) %}{% for b in range(40) %}{% endfor %}{% endfor %}")
        let loops = try #require(throws: ChatTemplateError.self) { try nested.renderForTesting(context: [:], limits: limits) }
        #expect(loops.message.contains("more than 1000 loop iterations"))
        let long = try ChatTemplate(source: "{% for a in range(30) %}{{ 'abcd' }}{% endfor %}")
        let output = try #require(throws: ChatTemplateError.self) { try long.renderForTesting(context: [:], limits: limits) }
        #expect(output.message.contains("exceeds 100 characters"))
        let doubling = "{% set ns = namespace(s='ab') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}"
        #expect(renderError(doubling)?.message.contains("limit") == true)
        let repeated = try #require(renderError("{{ 'x' * 100000000 }}"))
        #expect(repeated.message.contains("limit"))
        #expect(renderError("{{ range(100000000) | length }}")?.message.contains("range") == true)
    }

    /// Values that share storage can describe far more text than memory holds; sizes are checked before
    /// anything is built, so these fail instead of exhausting memory.
    @Test(arguments: [
        "{{ ('x' * 1000) | replace('x', 'y' * 10000) }}",
        "{{ ('x' * 1000).replace('x', 'y' * 10000) }}",
        "{{ 'ab' | replace('', 'x' * 5000000) }}",
        "{% set s = 'x' * 8000000 %}{{ ([s] * 1000) | join }}",
        "{% set s = 'x' * 8000000 %}{{ ''.join([s] * 1000) }}",
        "{% set s = 'x' * 8000000 %}{{ [s] * 1000 }}",
        "{% set s = 'x' * 8000000 %}{{ ([s] * 1000) | tojson }}",
        "{% set s = 'x' * 8000000 %}{{ s ~ s }}",
        "{{ 'a' | indent(100000000) }}",
        "{{ [1] | tojson(indent=100000000) }}",
        "{% set s = '\\n' * 1000000 %}{{ s | indent(8) }}",
    ])
    func growthIsCheckedBeforeBuilding(_ source: String) throws {
        let error = try #require(renderError(source), "\(source) rendered")
        #expect(error.message.contains("limit"), "\(error)")
    }

    @Test func selfContainingValuesAreRefusedNotRecursedForever() throws {
        let error = try #require(renderError("{% set ns = namespace() %}{% set ns.me = ns %}{{ ns }}"))
        #expect(error.message.contains("nests deeper"))
        let wrapped = "{% set ns = namespace(x=1) %}{% for i in range(1000) %}{% set ns.x = [ns.x] %}{% endfor %}{{ ns.x | tojson }}"
        #expect(renderError(wrapped)?.message.contains("nests deeper") == true)
    }

    @Test func recursiveMacrosStop() throws {
        let error = try #require(renderError("{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}"))
        #expect(error.message.contains("macro calls nest deeper"))
    }

    @Test func integerOverflowIsAnErrorNotATrap() throws {
        #expect(renderError("{{ 9223372036854775807 + 1 }}")?.message.contains("overflow") == true)
        #expect(renderError("{{ 2 ** 64 }}")?.message.contains("overflow") == true)
        #expect(renderError("{{ (-9223372036854775807 - 1) | abs }}") != nil)
    }
}
