import ChatTemplates
import Scoring
import Tasks
import Testing

/// The arithmetic verifier on a chat prompt: a chatty but right reply is correct, a chatty wrong one is not; the
/// same reply to a plain prompt is not even well formed (the plain rule is unchanged).
@Suite struct ChatReplyScoringTests {
    @Test func theVerifierReadsAChatReplysLastInteger() async throws {
        let chat = TaskPrompt(
            id: "c", task: "arithmetic", text: "275+307=",
            messages: [ChatMessage(role: "user", content: "What is 275 + 307?")])
        let scores = try await ArithmeticVerifier().score(
            prompt: chat, completions: ["275 + 307 = 582.", "275 + 307 = 54.", "I cannot say"])
        #expect(scores.map(\.total) == [1, 0, 0])
        #expect(scores.map { $0.components["wellFormed"] } == [1, 1, 0])
        let plain = TaskPrompt(id: "p", task: "arithmetic", text: "275+307=")
        let plainScores = try await ArithmeticVerifier().score(prompt: plain, completions: ["275 + 307 = 582."])
        #expect(plainScores.map(\.total) == [0])
    }
}
