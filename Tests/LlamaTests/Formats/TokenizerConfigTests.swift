import Foundation
import Llama
import Testing

/// `tokenizer_config.json` and `chat_template.jinja` as transformers reads them: named special tokens (strings or
/// AddedToken objects), the chat template (a string, or the `default` of a named list; the .jinja file wins).
@Suite struct TokenizerConfigTests {
    @Test func readsTokensAndTheTemplateInEitherShape() throws {
        let json = #"{"bos_token": "<s>", "eos_token": {"content": "</s>"}, "chat_template": "{{ x }}"}"#
        let plain = try TokenizerConfig(json: Data(json.utf8))
        #expect(plain == TokenizerConfig(bosToken: "<s>", eosToken: "</s>", chatTemplate: "{{ x }}"))
        let named = try TokenizerConfig(json: Data(
            #"{"chat_template": [{"name": "tool_use", "template": "T"}, {"name": "default", "template": "D"}]}"#.utf8))
        #expect(named.chatTemplate == "D")
        #expect(try TokenizerConfig(json: Data(plain.jsonText().utf8)) == plain, "jsonText round-trips")
    }

    @Test func theJinjaFileWinsAndBadFilesSaySo() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tokenizer-config-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(try TokenizerConfig(directory: directory).isEmpty)
        try Data(#"{"chat_template": "old"}"#.utf8).write(to: directory.appendingPathComponent("tokenizer_config.json"))
        try Data("new".utf8).write(to: directory.appendingPathComponent("chat_template.jinja"))
        #expect(try TokenizerConfig(directory: directory).chatTemplate == "new")
        try Data("[1, 2]".utf8).write(to: directory.appendingPathComponent("tokenizer_config.json"))
        let error = #expect(throws: TokenizerError.self) { try TokenizerConfig(directory: directory) }
        #expect(error?.description.contains("tokenizer_config.json: not a JSON object") == true)
        #expect(throws: TokenizerError.self) { try TokenizerConfig(json: Data(#"{"chat_template": 3}"#.utf8)) }
    }
}
