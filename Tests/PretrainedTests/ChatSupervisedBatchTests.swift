import ChatTemplates
import Evaluation
import Llama
import Tasks
import Testing

/// SFT's batches on a real chat model: the chat rendered by the model's template up to the assistant's turn, then
/// the bare answer and `<|im_end|>`, with the loss on exactly those tokens.
@Suite(.serialized) struct ChatSupervisedBatchTests {
    @Test func aChatExampleTrainsTheAnswerAndTheEndOfTurnOnly() throws {
        let policy = try SmolLM2Tests.policy()
        let chat = try ChatFormat(config: policy.tokenizerConfig, tokenizer: policy.tokenizer)
        let example = DocumentQATask(difficulty: .easy, posing: .chat).labeled(count: 1, seed: 5)[0]
        let batch = try SupervisedBatch([example], tokenizer: policy.tokenizer, chat: chat)
        let prompt = try chat.promptTokens(try #require(example.prompt.messages), tokenizer: policy.tokenizer)
        let endOfTurn = try #require(policy.tokenizer.tokenId(for: "<|im_end|>"))
        let answer = policy.tokenizer.encode(example.answer)
        #expect(batch.tokens.map(Int.init) == prompt + answer + [endOfTurn])
        let trained = batch.targets.enumerated().filter { $0.element >= 0 }
        #expect(trained.map(\.offset) == Array((prompt.count - 1)..<(batch.T - 1)))
        #expect(trained.map { Int($0.element) } == answer + [endOfTurn])
        #expect(throws: SupervisedBatchError.noChatFormat(example: example.prompt.id)) {
            try SupervisedBatch([example], tokenizer: policy.tokenizer)
        }
    }
}
