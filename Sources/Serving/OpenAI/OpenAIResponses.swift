import Foundation
import Llama

/// The response bodies of OpenAI's API that `tao serve` returns, field for field.
enum OpenAIResponses {
    struct Usage: Encodable {
        var prompt_tokens: Int
        var completion_tokens: Int
        var total_tokens: Int { prompt_tokens + completion_tokens }

        enum CodingKeys: String, CodingKey { case prompt_tokens, completion_tokens, total_tokens }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(prompt_tokens, forKey: .prompt_tokens)
            try c.encode(completion_tokens, forKey: .completion_tokens)
            try c.encode(total_tokens, forKey: .total_tokens)
        }
    }

    struct Message: Encodable {
        var role = "assistant"
        var content: String
    }

    struct ChatChoice: Encodable {
        var index: Int
        var message: Message
        var finish_reason: String
    }

    struct ChatCompletion: Encodable {
        var id: String
        var object = "chat.completion"
        var created: Int
        var model: String
        var system_fingerprint: String
        var choices: [ChatChoice]
        var usage: Usage
    }

    struct Delta: Encodable {
        var role: String?
        var content: String?
    }

    struct ChunkChoice: Encodable {
        var index: Int
        var delta: Delta
        var finish_reason: String?

        enum CodingKeys: String, CodingKey { case index, delta, finish_reason }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(delta, forKey: .delta)
            try c.encode(finish_reason, forKey: .finish_reason)  // null until the last chunk, as OpenAI sends it
        }
    }

    struct ChatChunk: Encodable {
        var id: String
        var object = "chat.completion.chunk"
        var created: Int
        var model: String
        var system_fingerprint: String
        var choices: [ChunkChoice]
        var usage: Usage?
    }

    struct TextChoice: Encodable {
        var index: Int
        var text: String
        var finish_reason: String?

        enum CodingKeys: String, CodingKey { case index, text, finish_reason, logprobs }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(index, forKey: .index)
            try c.encode(text, forKey: .text)
            try c.encode(finish_reason, forKey: .finish_reason)
            try c.encodeNil(forKey: .logprobs)
        }
    }

    struct TextCompletion: Encodable {
        var id: String
        var object = "text_completion"
        var created: Int
        var model: String
        var system_fingerprint: String
        var choices: [TextChoice]
        var usage: Usage?
    }

    struct Model: Encodable {
        var id: String
        var object = "model"
        var created: Int
        var owned_by = "tao"
    }

    struct ModelList: Encodable {
        var object = "list"
        var data: [Model]
    }

    /// OpenAI's finish reasons: a stop sequence and the end-of-turn token are both "stop".
    static func finishReason(_ reason: FinishReason) -> String {
        reason == .length ? "length" : "stop"
    }

    static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return (try? encoder.encode(value)) ?? Data("{}".utf8)
    }

    /// One server-sent event: `data: <json>` and a blank line.
    static func event(_ value: some Encodable) -> Data {
        Data("data: ".utf8) + encode(value) + Data("\n\n".utf8)
    }

    static let done = Data("data: [DONE]\n\n".utf8)
}
