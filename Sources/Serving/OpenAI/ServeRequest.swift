import ChatTemplates
import Foundation

/// A request of `POST /v1/chat/completions` or `/v1/completions`, checked: what the scheduler decodes and the tap
/// records.
public struct ServeRequest: Sendable {
    public enum Route: String, Sendable { case chat, completions }

    /// What one prompt is: a chat (rendered with the policy's chat template) or plain text (encoded as it is).
    public enum Prompt: Sendable, Equatable {
        case chat([ChatMessage])
        case text(String)
    }

    public var route: Route
    public var model: String
    /// One for a chat; a completions request may send several, each answered with `n` choices.
    public var prompts: [Prompt]
    /// Choices per prompt.
    public var n = 1
    /// `nil`: the server's default (`serve.max-tokens`).
    public var maxTokens: Int?
    public var temperature: Float = 1
    public var topP: Float = 1
    public var stop: [String] = []
    public var seed: UInt64?
    public var stream = false
    /// `stream_options.include_usage`: a last chunk with the token counts.
    public var includeUsage = false
    /// The task the prompt is tuned as (`metadata.task`); `nil`: the server's default.
    public var task: String?
    public var metadata: [String: String] = [:]
}

extension ServeRequest {
    /// The most choices per prompt a request may ask for.
    static let maxChoices = 16

    /// Fields both routes accept that change nothing here when left at OpenAI's defaults; other values are refused
    /// rather than silently ignored.
    static let neutral: [String: @Sendable (Any) -> Bool] = [
        "presence_penalty": { ($0 as? NSNumber)?.doubleValue == 0 },
        "frequency_penalty": { ($0 as? NSNumber)?.doubleValue == 0 },
        "logprobs": { $0 is NSNull || ($0 as? NSNumber)?.boolValue == false },
        "user": { $0 is String },
        "echo": { ($0 as? NSNumber)?.boolValue == false },
        "suffix": { $0 is NSNull },
        "best_of": { ($0 as? NSNumber)?.intValue == 1 },
        "parallel_tool_calls": { _ in true },
        "store": { ($0 as? NSNumber)?.boolValue == false },
    ]

    /// Reads a `/v1/chat/completions` body.
    public static func chat(_ body: Data) throws(OpenAIError) -> ServeRequest {
        let json = try JSONObject(body: body)
        try json.only(common.union(["messages", "max_completion_tokens", "presence_penalty", "frequency_penalty",
                                    "logprobs", "user", "parallel_tool_calls", "store"]))
        guard let list = try json.array("messages") else { throw .missing("messages") }
        guard !list.isEmpty else {
            throw .invalid("Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
                           param: "messages", code: "empty_array")
        }
        var messages: [ChatMessage] = []
        for (index, item) in list.enumerated() {
            let place = "messages[\(index)]"
            guard let fields = item as? [String: Any] else { throw .wrongType(place, expected: "an object", got: item) }
            let message = JSONObject(fields, path: place)
            try message.only(["role", "content", "name"])
            let role = try message.requiredString("role")
            guard ["system", "developer", "user", "assistant"].contains(role) else {
                throw .invalid("Invalid value: '\(role)'. Supported values are: 'system', 'developer', 'user' and 'assistant'.",
                               param: "\(place).role", code: "invalid_value")
            }
            messages.append(ChatMessage(role: role == "developer" ? "system" : role, content: try content(message)))
        }
        var request = ServeRequest(route: .chat, model: try json.requiredString("model"), prompts: [.chat(messages)])
        try request.readCommon(json)
        if let limit = try json.integer("max_completion_tokens", in: 1...Int.max) { request.maxTokens = limit }
        return request
    }

    /// Reads a `/v1/completions` body.
    public static func completions(_ body: Data) throws(OpenAIError) -> ServeRequest {
        let json = try JSONObject(body: body)
        try json.only(common.union(["prompt", "echo", "suffix", "best_of", "logprobs", "presence_penalty",
                                    "frequency_penalty", "user"]))
        guard let value = json.present("prompt") else { throw .missing("prompt") }
        var prompts: [Prompt] = []
        if let text = value as? String {
            prompts = [.text(text)]
        } else if let list = value as? [Any], !list.isEmpty, list.allSatisfy({ $0 is String }) {
            prompts = list.map { .text($0 as! String) }
        } else {
            throw .wrongType("prompt", expected: "a string or an array of strings", got: value)
        }
        var request = ServeRequest(route: .completions, model: try json.requiredString("model"), prompts: prompts)
        request.maxTokens = 16  // OpenAI's default for this route
        try request.readCommon(json)
        return request
    }

    static let common: Set<String> = [
        "model", "n", "max_tokens", "temperature", "top_p", "stop", "seed", "stream", "stream_options", "metadata",
    ]

    private mutating func readCommon(_ json: JSONObject) throws(OpenAIError) {
        for (key, isNeutral) in Self.neutral {
            if let value = json.fields[key], !isNeutral(value) {
                throw .invalid("'\(key)' is not supported by this server; leave it out or at its default.", param: key,
                               code: "unsupported_parameter")
            }
        }
        n = try json.integer("n", in: 1...Self.maxChoices) ?? 1
        if let limit = try json.integer("max_tokens", in: 1...Int.max) { maxTokens = limit }
        temperature = Float(try json.number("temperature", in: 0...2) ?? 1)
        topP = Float(try json.number("top_p", in: 0...1) ?? 1)
        if topP == 0 {
            throw .invalid("Invalid 'top_p': must be above 0.", param: "top_p", code: "decimal_below_min_value")
        }
        stop = try json.stops("stop")
        seed = try json.integer("seed", in: Int.min...Int.max).map { UInt64(bitPattern: Int64($0)) }
        stream = try json.bool("stream") ?? false
        if let options = try json.object("stream_options") {
            try options.only(["include_usage"])
            guard stream else {
                throw .invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", param: "stream_options")
            }
            includeUsage = try options.bool("include_usage") ?? false
        }
        if let object = try json.object("metadata") {
            for (key, value) in object.fields {
                guard let text = value as? String else {
                    throw .wrongType("metadata.\(key)", expected: "a string", got: value)
                }
                metadata[key] = text
            }
            task = metadata["task"]
        }
    }

    /// A message's content: a string, or an array of `{"type": "text", "text": …}` parts joined.
    private static func content(_ message: JSONObject) throws(OpenAIError) -> String {
        guard let value = message.present("content") else { throw .missing(message.name("content")) }
        if let text = value as? String { return text }
        guard let parts = value as? [Any] else {
            throw .wrongType(message.name("content"), expected: "a string or an array of content parts", got: value)
        }
        var text = ""
        for (index, item) in parts.enumerated() {
            let place = message.name("content") + "[\(index)]"
            guard let fields = item as? [String: Any] else { throw .wrongType(place, expected: "an object", got: item) }
            let part = JSONObject(fields, path: place)
            guard try part.requiredString("type") == "text" else {
                throw .invalid("Only text content parts are supported; \(place) is not text.", param: place)
            }
            text += try part.requiredString("text")
        }
        return text
    }
}
