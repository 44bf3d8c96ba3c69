import ChatTemplates
import Foundation
import Llama
import Testing

/// `--chat-format`'s built-in formats, the end-of-turn token a template implies, and the errors that name the escape
/// hatch.
@Suite struct ChatFormatTests {
    static let llama3 = try! BPETokenizer(contentsOf: FormatsFixtures.tokenizerDirectory
        .appendingPathComponent("llama3-style.tokenizer.json"))
    static let chat = [ChatMessage(role: "system", content: "Be brief."), ChatMessage(role: "user", content: " Hi ")]

    @Test func builtInFormatsRenderAsTheirModelsDo() throws {
        let config = TokenizerConfig(bosToken: "<|begin_of_text|>")
        let llama = try ChatFormat(config: config, tokenizer: Self.llama3, choice: "llama3")
        #expect(try llama.render(Self.chat) == "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief."
            + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n")
        #expect(llama.endOfTurnTokenIds(tokenizer: Self.llama3) == [562])
        let chatml = try ChatFormat(config: config, tokenizer: Self.llama3, choice: "chatml")
        #expect(try chatml.render(Self.chat)
            == "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n Hi <|im_end|>\n<|im_start|>assistant\n")
        let plain = try ChatFormat(config: config, tokenizer: Self.llama3, choice: "plain")
        #expect(try plain.render(Self.chat) == "system: Be brief.\nuser:  Hi \nassistant: ")
        #expect(plain.endOfTurnTokenIds(tokenizer: Self.llama3).isEmpty, "plain text has no end-of-turn token")
    }

    @Test func aTemplateFileCanBeChosen() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chat-\(UUID()).jinja")
        defer { try? FileManager.default.removeItem(at: file) }
        try "{% for m in messages %}[{{ m.role }}] {{ m.content }}{% endfor %}".write(
            to: file, atomically: true, encoding: .utf8)
        let format = try ChatFormat(config: TokenizerConfig(), tokenizer: Self.llama3, choice: file.path)
        #expect(try format.render([ChatMessage(role: "user", content: "x")]) == "[user] x")
    }

    @Test func errorsNameTheEscapeHatch() throws {
        let none = #expect(throws: ChatFormatError.noTemplate) {
            try ChatFormat(config: TokenizerConfig(), tokenizer: Self.llama3)
        }
        #expect(none?.description.contains("--chat-format") == true)
        let unsupported = TokenizerConfig(chatTemplate: "{% call foo() %}x{% endcall %}")
        let error = #expect(throws: ChatFormatError.self) { try ChatFormat(config: unsupported, tokenizer: Self.llama3) }
        #expect(error?.description.contains("the model's chat template cannot be used") == true)
        #expect(error?.description.contains("--chat-format chatml, llama3, plain") == true)
        #expect(throws: ChatFormatError.unreadable(path: "/no/such.jinja")) {
            try ChatFormat(config: TokenizerConfig(), tokenizer: Self.llama3, choice: "/no/such.jinja")
        }
    }

    @Test func messagesMustBeAnArrayOfRoleAndContent() throws {
        #expect(try ChatMessages.parse(#"[{"role":"user","content":"hi"}]"#) == [ChatMessage(role: "user", content: "hi")])
        for bad in [#"{"role":"user"}"#, #"[{"role":"user"}]"#, "[]", #"[{"role":"","content":"x"}]"#, "nope"] {
            #expect(throws: ChatFormatError.self, "\(bad)") { try ChatMessages.parse(bad) }
        }
    }
}

extension ChatFormatTests {
    @Test func aTemplateThatRaisesRefusesTheMessagesInItsOwnWords() throws {
        let strict = TokenizerConfig(chatTemplate: """
            {% if messages[0]['role'] != 'user' %}{{ raise_exception('Conversation must start with the user') }}{% endif %}\
            {% for m in messages %}{{ m['content'] }}{% endfor %}
            """)
        let format = try ChatFormat(config: strict, tokenizer: Self.llama3)
        #expect(throws: ChatFormatError.refused(
            origin: "the model's chat template", message: "Conversation must start with the user")) {
            try format.render([ChatMessage(role: "assistant", content: "x")])
        }
    }
}
