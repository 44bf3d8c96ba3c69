import Foundation
import ModelCatalog
import TestSupport
import Testing

/// The `tao` executable on the real model, as a user runs it: `tao model fetch` prints the cached file's path, and
/// `tao generate --messages … --temperature 0` with no other flags prints transformers' greedy answer.
@Suite struct TaoGenerateTests {
    struct Line: Decodable {
        let text: String
        let tokens: [Int]
        let finish_reason: String
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = try TaoExecutable.url()
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func generateAnswersAChatAsTransformersDoes() throws {
        let file = try RegistryFetch.fetchOrCancel(.smolLM2_135MInstruct)
        let cache = file.deletingLastPathComponent().deletingLastPathComponent()
        let fetched = try Self.run(["model", "fetch", "smollm2-135m-instruct", "--cache-dir", cache.path])
        #expect(fetched.status == 0)
        #expect(fetched.stdout == file.path + "\n", "tao model fetch prints the cached path alone")

        let conversation = SmolLM2Tests.reference.conversations[0]
        let messages = String(decoding: try JSONEncoder().encode(conversation.messages), as: UTF8.self)
        let result = try Self.run(["generate", "--model", file.path, "--messages", messages, "--temperature", "0"])
        #expect(result.status == 0)
        let line = try JSONDecoder().decode(Line.self, from: Data(result.stdout.utf8))
        let eos = SmolLM2Tests.reference.eos_token_id
        let end = try #require(conversation.greedy.firstIndex(of: eos), "the reference reply has an end of turn")
        #expect(line.tokens == Array(conversation.greedy.prefix(end + 1)))
        #expect(line.finish_reason == "eos")
        let answer = try #require(conversation.greedy_text.components(separatedBy: "<|im_end|>").first)
        #expect(line.text == answer)
        #expect(answer == "The capital of France is Paris.")
    }
}
