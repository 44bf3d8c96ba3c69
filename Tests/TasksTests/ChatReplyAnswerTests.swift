import ChatTemplates
import Tasks
import Testing

/// A chat reply's answer: instruct models restate the question, so integer tasks read the reply's last integer;
/// plain completions keep the first-line rule unchanged.
@Suite struct ChatReplyAnswerTests {
    @Test(arguments: [
        ("275 + 307 = 582.", "582"), ("677-246=431", "431"), ("The answer is -51", "-51"), ("= +7", "7"),
        ("It costs 1,200 dollars", "1,200"), ("1,2345", "2345"), ("no digits here", nil),
    ] as [(String, String?)])
    func theLastIntegerIsTheAnswer(reply: String, answer: String?) {
        #expect(AnswerText.lastInteger(in: reply) == answer)
    }

    @Test func chatPromptsReadRepliesAndPlainPromptsKeepTheFirstLineRule() throws {
        let task = ArithmeticTask()
        let plain = TaskPrompt(id: "p", task: "arithmetic", text: "275+307=")
        let chat = TaskPrompt(
            id: "c", task: "arithmetic", text: "275+307=",
            messages: [ChatMessage(role: "user", content: "What is 275 + 307?")])
        #expect(task.extractAnswer(from: "275 + 307 = 582.", of: chat) == "582")
        #expect(task.extractAnswer(from: "275 + 307 = 582.", of: plain) == "275 + 307 = 582.")
        #expect(task.extractAnswer(from: "582\nmore", of: plain) == "582")
        #expect(try SQLTask().extractAnswer(fromReply: "SELECT 1\n") == "SELECT 1", "non-integer tasks keep their rule")
    }
}
