import Evaluation
import Experiments
import Foundation
import Testing
import Tuning

@Suite struct EvaluationFileTests {
    @Test func parsesOneExamplePerLineSkippingBlankLines() throws {
        let text = """
            {"id": "a", "task": "arithmetic", "prompt": "1+2=", "answer": "3"}

            {"id": "b", "task": "arithmetic", "prompt": "7*6=", "answer": "42", "note": "extra fields are ignored"}
            """
        let examples = try EvaluationFile.parse(text, task: "arithmetic", name: "f.jsonl")
        #expect(examples.map(\.prompt.id) == ["a", "b"])
        #expect(examples.map(\.prompt.text) == ["1+2=", "7*6="])
        #expect(examples.map(\.answer) == ["3", "42"])
        #expect(examples.allSatisfy { $0.prompt.task == "arithmetic" })
    }

    @Test(arguments: [
        (#"{"id": "a", "task": "arithmetic", "prompt": "1+2="}"#, #"missing field "answer""#),
        (#"{"id": "a", "task": "arithmetic", "prompt": "1+2=", "answer": 3}"#, #"field "answer" must be a string"#),
        (#"{"id": "a", "task": "sql", "prompt": "1+2=", "answer": "3"}"#, #"task is "sql""#),
        (#"{"id": "a", "task": "arithmetic", "prompt": "", "answer": "3"}"#, "prompt is empty"),
        (#"not json"#, "not a JSON object"),
        (#"{"id": "a", "task": "arithmetic", "answer": "3"}"#, #"give "prompt" (text), "messages" (a chat) or both"#),
        (#"{"id": "a", "task": "arithmetic", "prompt": "1+2=", "messages": [], "answer": "3"}"#, "no messages"),
        (#"{"id": "a", "task": "arithmetic", "messages": [], "answer": "3"}"#, "there are no messages"),
    ])
    func namesTheBadLineAndWhatIsWrong(line: String, reason: String) throws {
        let good = #"{"id": "ok", "task": "arithmetic", "prompt": "1+1=", "answer": "2"}"#
        let error = #expect(throws: EvaluationFileError.self) {
            try EvaluationFile.parse(good + "\n" + line, task: "arithmetic", name: "f.jsonl")
        }
        let message = error.map { "\($0)" } ?? ""
        #expect(message.hasPrefix("f.jsonl:2: "), "\(message)")
        #expect(message.contains(reason), "\(message)")
        #expect(message.contains(#"{"id","task","prompt" or "messages","answer"}"#))
    }

    @Test func aLineMayBeAChat() throws {
        let text = #"{"id": "c", "task": "arithmetic", "messages": [{"role": "system", "content": "Answer only."}, "#
            + #"{"role": "user", "content": "2+2="}], "answer": "4"}"#
        let example = try #require(try EvaluationFile.parse(text, task: "arithmetic", name: "f.jsonl").first)
        #expect(example.prompt.messages?.map(\.role) == ["system", "user"])
        #expect(example.prompt.text == "2+2=", "the task's rules read the last user message")
        let both = #"{"id": "d", "task": "arithmetic", "prompt": "2+2=", "#
            + #""messages": [{"role": "user", "content": "What is 2 + 2?"}], "answer": "4"}"#
        let chat = try #require(try EvaluationFile.parse(both, task: "arithmetic", name: "f.jsonl").first)
        #expect(chat.prompt.text == "2+2=" && chat.prompt.messages?.first?.content == "What is 2 + 2?")
    }

    @Test func rejectsDuplicateIdsAndEmptyFiles() {
        let line = #"{"id": "a", "task": "arithmetic", "prompt": "1+1=", "answer": "2"}"#
        #expect(throws: EvaluationFileError.badLine(
            file: "f", line: 2, reason: #"id "a" appears twice"#)) {
            try EvaluationFile.parse(line + "\n" + line, task: "arithmetic", name: "f")
        }
        #expect(throws: EvaluationFileError.empty(file: "f")) {
            try EvaluationFile.parse("\n \n", task: "arithmetic", name: "f")
        }
        let missing = URL(fileURLWithPath: "/nonexistent/\(UUID()).jsonl")
        #expect(throws: EvaluationFileError.self) { try EvaluationFile.load(missing, task: "arithmetic") }
    }
}
