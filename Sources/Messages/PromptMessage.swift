/// A prompt to tune on: the fleet's input, on the `prompts` topic. Any producer may write it (kcat, `tao serve`, a
/// batch job); `id`, `task` and one of `text` or `messages` are required, and a missing `schema` field is accepted
/// as version 1.
///
/// ```json
/// {"id": "q-1042", "task": "arithmetic", "text": "12+345*6=", "metadata": {"source": "prod"}}
/// {"id": "c-7", "task": "chat", "messages": [{"role": "user", "content": "What is the capital of France?"}]}
/// ```
public struct PromptMessage: WireMessage, Equatable {
    public static let schemaName = "tao.prompt"
    public static let schemaVersion = 1

    /// One chat message, OpenAI-style.
    public struct Turn: Codable, Sendable, Equatable {
        public var role: String
        public var content: String

        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// Unique per prompt; the producer's choice. Redelivering the same id never trains twice.
    public var id: String
    /// Which task's template and scorers apply (e.g. `arithmetic`, `sql`, `docqa`).
    public var task: String
    /// The prompt text, before the task's template; for a chat prompt, what the task's scorers read (when the
    /// producer gives none: the last user message's content).
    public var text: String
    /// The prompt as a chat: generators render it with the policy's chat template (and no task template) instead
    /// of encoding `text`.
    public var messages: [Turn]?
    public var metadata: [String: String]

    public init(id: String, task: String, text: String, messages: [Turn]? = nil, metadata: [String: String] = [:]) {
        self.id = id
        self.task = task
        self.text = text
        self.messages = messages
        self.metadata = metadata
    }

    enum CodingKeys: String, CodingKey { case id, task, text, messages, metadata }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        task = try container.decode(String.self, forKey: .task)
        messages = try container.decodeIfPresent([Turn].self, forKey: .messages)
        if let messages {
            guard !messages.isEmpty else {
                throw DecodingError.dataCorruptedError(
                    forKey: .messages, in: container, debugDescription: "messages must not be empty")
            }
            text = try container.decodeIfPresent(String.self, forKey: .text)
                ?? messages.last { $0.role == "user" }?.content ?? ""
        } else {
            text = try container.decode(String.self, forKey: .text)
        }
        metadata = try container.decodeIfPresent([String: String].self, forKey: .metadata) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(task, forKey: .task)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(messages, forKey: .messages)
        try container.encode(metadata, forKey: .metadata)
    }
}
